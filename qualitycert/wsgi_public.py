"""The public entry point (`gunicorn qualitycert.wsgi_public:application`):
the same Django project with the slim settings of qualitycert/settings_public.py,
serving only the public lookup. Run it as its own gunicorn group behind the
reverse proxy (docs/operations.md, decision 0006).

The settings module is set, not defaulted: a DJANGO_SETTINGS_MODULE left in
the environment for the full site must not turn this into a second full site."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "qualitycert.settings_public"
application = get_wsgi_application()
