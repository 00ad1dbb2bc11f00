"""Settings of the public entry point (`gunicorn qualitycert.wsgi_public:application`,
decision 0006): the project's settings, with the URLconf of the public
endpoints only (qualitycert/urls_public.py) and only the middleware those
need. Everything else (database, caches, rate limits, signing keys,
INSTALLED_APPS and so the models and their signals) is the same module's.

On PostgreSQL the lookup's query goes through a second connection to the
same database, `DATABASES["lookup"]`, whose cursors bind parameters on the
server so that psycopg prepares the statement after a few runs
(`server_side_binding`, `prepare_threshold`): planning this five-table
SELECT cost several times executing it (decision 0006). The site's own
connection keeps Django's default client-side binding. Behind a pooler in
transaction mode that cannot keep prepared statements (PgBouncer < 1.21),
set QC_PG_PREPARED_STATEMENTS=0.

Left out, and why that is safe for these endpoints: WhiteNoise (no static
files), sessions, authentication and messages (the lookup knows anonymous
callers and bearer tokens only, never a session), CSRF (GET only),
LocaleMiddleware (the lookup's answers are cached by number, not by language,
and their two messages are in the site's language; the error handlers of
urls_public.py pick the request's language for their `detail` themselves) and X-Frame-Options (JSON is not framed).
SecurityMiddleware (HTTPS redirect, HSTS, nosniff, Referrer-Policy),
CommonMiddleware (disallowed user agents, `www` redirect) and the NUL check
of API paths stay, in the same order as in settings.MIDDLEWARE.
"""

from qualitycert.settings import *  # noqa: F403
from qualitycert.settings import DATABASES as FULL_DATABASES
from qualitycert.settings import MIDDLEWARE as FULL_MIDDLEWARE
from qualitycert.settings import env_bool

PUBLIC_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qualitycert.api.contract.unstorable_text_middleware",
)
MIDDLEWARE = [m for m in FULL_MIDDLEWARE if m in PUBLIC_MIDDLEWARE]
ROOT_URLCONF = "qualitycert.urls_public"
WSGI_APPLICATION = "qualitycert.wsgi_public.application"

_default = FULL_DATABASES["default"]
if _default["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "QC_PG_PREPARED_STATEMENTS", True):
    DATABASES = {**FULL_DATABASES, "lookup": {
        **_default,
        "OPTIONS": {**_default.get("OPTIONS", {}), "server_side_binding": True,
                    "prepare_threshold": 5},
        # Should tests ever run with these settings: the same test database.
        "TEST": {"MIRROR": "default"},
    }}
