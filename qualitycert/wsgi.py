"""The WSGI entry point (`gunicorn qualitycert.wsgi:application`).

`application` is Django behind the public lookup's fast lane
(qualitycert.hotpath; docs/decisions/0002-public-hot-path.md). `django_application`
is Django alone, for comparison and for servers that must not have the lane.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
django_application = get_wsgi_application()

# Imported after Django is set up: the fast lane reads settings and URLs.
from qualitycert.hotpath import wrap  # noqa: E402

application = wrap(django_application)
