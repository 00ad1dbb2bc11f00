"""One settings file. Everything that differs between machines comes from the
environment; the defaults are safe for `make run` on a laptop (embedded SQLite,
loopback only) and `check --deploy` passes once QC_PRODUCTION=1 is set."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("QC_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PRODUCTION = env_bool("QC_PRODUCTION", False)
DEBUG = env_bool("QC_DEBUG", False)

SECRET_KEY = os.environ.get("QC_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("QC_SECRET_KEY must be set when QC_PRODUCTION=1")
    # Local-only default: `make run` binds to loopback, so a fixed key leaks nothing.
    SECRET_KEY = "qualitycert-local-development-key-not-for-production-use-0123456789"  # nosec B105

# Old keys, comma-separated, still accepted when opening what the previous
# QC_SECRET_KEY sealed or signed (sessions, webhook secrets) during a rotation.
SECRET_KEY_FALLBACKS = env_list("QC_SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("QC_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("QC_CSRF_TRUSTED_ORIGINS", [])
# The host printed into QR codes and verification links.
PUBLIC_BASE_URL = os.environ.get("QC_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The transparency log's name in its checkpoints (C2SP origin and note key
# name): fixed for the log's whole life, so set it before the first checkpoint.
QC_LOG_ORIGIN = os.environ.get("QC_LOG_ORIGIN", "") or (
    urlsplit(PUBLIC_BASE_URL).netloc + "/qualitycert-log")

INSTALLED_APPS = [
    # Before the admin, so the back office's admin templates override Django's.
    "qualitycert.backoffice",
    # Django's admin, as the bureau's back office (BackOfficeSite: Chinese, role-gated).
    "qualitycert.backoffice.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # django-ninja's own app: /api/v1/docs then serves Swagger UI from our static
    # files instead of a public CDN, which government intranets cannot reach.
    "ninja",
    # Second factor for staff: TOTP devices and one-time recovery codes
    # (docs/decisions/0010-two-factor-and-csp.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "qualitycert.accounts",
    "qualitycert.audit",
    "qualitycert.registry",
    "qualitycert.plan",
    "qualitycert.catalog",
    "qualitycert.credit",
    "qualitycert.verification",
    "qualitycert.api",
    "qualitycert.inspections",
    "qualitycert.procurement",
    "qualitycert.watch",
    "qualitycert.programmes",
    "qualitycert.reports",
    "qualitycert.workcalendar",
    "qualitycert.demo",
    "qualitycert.transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (nonces for any inline script) and Permissions-Policy.
    "csp.middleware.CSPMiddleware",
    "qualitycert.accounts.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 422 for API paths and queries holding NUL (PostgreSQL refuses it in text).
    "qualitycert.api.contract.unstorable_text_middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle timeout and absolute lifetime of a signed-in session.
    "qualitycert.accounts.middleware.SessionLifetimeMiddleware",
    # request.user.is_verified(): did this session pass the second factor?
    "django_otp.middleware.OTPMiddleware",
    # A staff session without its second factor reaches only the 2FA pages.
    "qualitycert.accounts.middleware.SecondFactorMiddleware",
    # 503 for a login while the shared counter store is unreachable.
    "qualitycert.accounts.middleware.counter_store_guard",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "qualitycert.urls"
WSGI_APPLICATION = "qualitycert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qualitycert.context_processors.site",
                # {{ CSP_NONCE }} for the rare template that needs an inline script.
                "csp.context_processors.nonce",
            ],
        },
    },
]

DEFAULT_SQLITE_PATH = VAR_DIR / "qualitycert.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
CONN_MAX_AGE = env_int("QC_CONN_MAX_AGE", 600)
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)
except Exception as exc:  # dj-database-url raises bare ValueErrors/KeyErrors
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets the public lookup read while an import writes; FULL keeps a
        # committed registry change on disk even through a power cut.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=15000;"
        ),
        # Writers take the lock at BEGIN, so two writers queue instead of failing
        # halfway with "database is locked".
        "transaction_mode": "IMMEDIATE",
    }
    _db["TEST"] = {"NAME": os.environ.get("QC_TEST_SQLITE", "")} if os.environ.get(
        "QC_TEST_SQLITE"
    ) else {}
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ISO dates first in every date box (qualitycert/formats/__init__.py).
FORMAT_MODULE_PATH = ["qualitycert.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Site-wide assets (base stylesheet) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and `runserver` find static files in the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns on every request cycle when STATIC_ROOT is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Who runs this site, as the public footer says it (government sites carry the
# issuing authority, a contact line and their ICP / public-security filing numbers).
QC_SITE_AUTHORITY = os.environ.get("QC_SITE_AUTHORITY", "天津市滨海新区市场监督管理局")
QC_SITE_ADDRESS = os.environ.get("QC_SITE_ADDRESS", "")
QC_SITE_PHONE = os.environ.get("QC_SITE_PHONE", "")
QC_SITE_HOTLINE = os.environ.get("QC_SITE_HOTLINE", "12315")
QC_ICP_RECORD = os.environ.get("QC_ICP_RECORD", "")
QC_PSB_RECORD = os.environ.get("QC_PSB_RECORD", "")

# Upload limits: a supplier list or registry import above this is refused with a
# message rather than read into memory.
QC_MAX_UPLOAD_BYTES = env_int("QC_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "QC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("QC_FROM_EMAIL", "qualitycert@localhost")

# Caches. "shared" holds what every worker process must count together: the
# public rate limits and the login lockout. By default it is one SQLite file
# (accounts/sharedcache.py), shared by `make run`'s four gunicorn workers on
# one machine; with QC_REDIS_URL (e.g. redis://127.0.0.1:6379/0) the caches
# are Redis, for several machines. When the shared store cannot be reached,
# public pages go on unmetered and staff login answers 503.
QC_REDIS_URL = os.environ.get("QC_REDIS_URL", "")
QC_COUNTER_FILE = Path(os.environ.get("QC_COUNTER_FILE") or VAR_DIR / (
    # pytest-xdist workers each count in their own file.
    f"counters-{os.environ['PYTEST_XDIST_WORKER']}.sqlite3"
    if os.environ.get("PYTEST_XDIST_WORKER") else "counters.sqlite3"))
CACHES: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": QC_REDIS_URL,
        "KEY_PREFIX": "qualitycert",
    } if QC_REDIS_URL else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "qualitycert",
    },
    "shared": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": QC_REDIS_URL,
        "KEY_PREFIX": "qualitycert-shared",
        # Fail fast when Redis is down: a login waits at most a second.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    } if QC_REDIS_URL else {
        "BACKEND": "qualitycert.accounts.sharedcache.SQLiteCounterCache",
        "LOCATION": str(QC_COUNTER_FILE),
    },
}
# The public lookup's answers (qualitycert/verification/lookup.py, decision
# 0006): shared in Redis when QC_REDIS_URL is set, else per worker process,
# kept for QC_LOOKUP_CACHE_SECONDS (0 switches the cache off). A change to
# what an answer shows makes every cached answer out of date at once, in every
# worker (the generation is kept in Redis, or in VAR_DIR/lookup-generation).
QC_LOOKUP_CACHE_SECONDS = env_int("QC_LOOKUP_CACHE_SECONDS", 300)
QC_LOOKUP_CACHE_ENTRIES = env_int("QC_LOOKUP_CACHE_ENTRIES", 20000)
CACHES["lookup"] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": QC_REDIS_URL,
    "KEY_PREFIX": "qualitycert-lookup",
} if QC_REDIS_URL else {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "qualitycert-lookup",
    "OPTIONS": {"MAX_ENTRIES": QC_LOOKUP_CACHE_ENTRIES},
}
# The issuer shown in authenticator apps beside the account name.
OTP_TOTP_ISSUER = os.environ.get("QC_OTP_ISSUER", "质量认证监管")
# Failed logins from one address, whatever accounts they name, before the
# address is locked for 15 minutes (0: no address lock). Each account locks
# after 5 (accounts/lockout.py).
QC_LOCKOUT_ADDRESS_FAILURES = env_int("QC_LOCKOUT_ADDRESS_FAILURES", 20)
# Every authenticate() call honours the login lockout, not only the login forms.
AUTHENTICATION_BACKENDS = ["qualitycert.accounts.backends.LockoutModelBackend"]

# Rate limits for public lookups (fixed one-minute windows; 0 switches one off),
# counted in CACHES["shared"] across every worker.
QC_RATE_ANON_PER_MINUTE = env_int("QC_RATE_ANON_PER_MINUTE", 120)
QC_RATE_USER_PER_MINUTE = env_int("QC_RATE_USER_PER_MINUTE", 600)
QC_RATE_TOKEN_PER_MINUTE = env_int("QC_RATE_TOKEN_PER_MINUTE", 600)
QC_RATE_REPORTS_PER_HOUR = env_int("QC_RATE_REPORTS_PER_HOUR", 10)
QC_RATE_SLIPS_PER_MINUTE = env_int("QC_RATE_SLIPS_PER_MINUTE", 10)
# Behind a reverse proxy, the header carrying the client address (e.g.
# HTTP_X_FORWARDED_FOR); unset means REMOTE_ADDR, which a client cannot forge.
QC_RATE_CLIENT_IP_HEADER = os.environ.get("QC_RATE_CLIENT_IP_HEADER") or None
QC_SIGNING_KEY_CACHE_SECONDS = env_int("QC_SIGNING_KEY_CACHE_SECONDS", 60)
# Encrypts the QR signing keys at rest; defaults to SECRET_KEY.
QC_SIGNING_KEY_SECRET = os.environ.get("QC_SIGNING_KEY_SECRET", "")

# Watchlist webhooks (docs/watchlists-and-supplier-lists.md). Receivers on
# private or loopback addresses are refused in production, where they would let
# a user probe the bureau's own network; allowed by default in development.
QC_WEBHOOK_ALLOW_PRIVATE = env_bool("QC_WEBHOOK_ALLOW_PRIVATE", not PRODUCTION)
QC_WEBHOOK_TIMEOUT_SECONDS = env_int("QC_WEBHOOK_TIMEOUT_SECONDS", 5)
QC_WEBHOOK_MAX_ATTEMPTS = env_int("QC_WEBHOOK_MAX_ATTEMPTS", 8)
QC_WEBHOOK_BACKOFF_SECONDS = env_int("QC_WEBHOOK_BACKOFF_SECONDS", 60)
QC_WEBHOOK_BACKOFF_MAX_SECONDS = env_int("QC_WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)
QC_WEBHOOK_PROXY = os.environ.get("QC_WEBHOOK_PROXY", "")
# Deliver a change's webhooks from a background thread at once; off means only
# the deliver-webhooks command sends them.
QC_WEBHOOK_PROMPT_DELIVERY = env_bool("QC_WEBHOOK_PROMPT_DELIVERY", True)
# How far back deliver-webhooks looks for changes whose deliveries were never
# recorded (the process died between the change and its signal).
QC_WEBHOOK_BACKFILL_HOURS = env_int("QC_WEBHOOK_BACKFILL_HOURS", 24)
QC_WATCHES_PER_USER = env_int("QC_WATCHES_PER_USER", 1000)
# Supplier-list checks in the browser: the largest list, and how long results stay.
QC_SUPPLIER_LIST_MAX_ROWS = env_int("QC_SUPPLIER_LIST_MAX_ROWS", 5000)
QC_SUPPLIER_LIST_MAX_BYTES = env_int("QC_SUPPLIER_LIST_MAX_BYTES", 10 * 1024 * 1024)
QC_SUPPLIER_RESULT_TTL_SECONDS = env_int("QC_SUPPLIER_RESULT_TTL_SECONDS", 3600)
# Open-data downloads (docs/open-data.md).
QC_RATE_OPEN_DATA_PER_HOUR = env_int("QC_RATE_OPEN_DATA_PER_HOUR", 60)
QC_OPEN_DATA_DIR = Path(os.environ.get("QC_OPEN_DATA_DIR") or VAR_DIR / "open-data")

# Signed-in sessions end after QC_SESSION_IDLE_MINUTES without a request and
# QC_SESSION_MAX_HOURS after the login, whatever the activity (等保 level 3:
# 登录连接超时自动退出). SessionLifetimeMiddleware enforces both on the server.
QC_SESSION_IDLE_MINUTES = env_int("QC_SESSION_IDLE_MINUTES", 30)
QC_SESSION_MAX_HOURS = env_int("QC_SESSION_MAX_HOURS", 12)
if QC_SESSION_IDLE_MINUTES < 1 or QC_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("QC_SESSION_IDLE_MINUTES and QC_SESSION_MAX_HOURS must be >= 1")
SESSION_COOKIE_AGE = QC_SESSION_MAX_HOURS * 3600
# How long a sign-in or re-authentication covers the irreversible steps
# (publishing a credit model, committing or drawing an inspection plan) before the password and a code
# are asked again (accounts/reauth.py).
QC_REAUTH_SECONDS = env_int("QC_REAUTH_SECONDS", 5 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# How long the security log and the audit log stay in the database before
# `qualitycert archive-logs` may move security events to an archive file
# (等保 level 3: at least six months). Audit entries are archived as copies
# and never removed.
QC_LOG_RETENTION_DAYS = env_int("QC_LOG_RETENTION_DAYS", 3 * 365)
if QC_LOG_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("QC_LOG_RETENTION_DAYS must be at least 180 (six months)")

# Content-Security-Policy (django-csp): nothing inline runs unless it carries
# the response's nonce; no unsafe-inline, no unsafe-eval, no third-party origin.
# data: images: Swagger UI's icons and the admin's inline SVG widgets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page here uses, switched off for every page.
QC_PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                         "magnetometer=(), microphone=(), payment=(), usb=()")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("QC_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("QC_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QC_LOG_LEVEL", "WARNING")},
}
