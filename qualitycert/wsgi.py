"""The WSGI entry point (`gunicorn qualitycert.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
application = get_wsgi_application()
