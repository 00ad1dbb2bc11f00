"""The URLconf of the public entry point (qualitycert/wsgi_public.py,
settings_public.py): only the public lookup and what checks its answers,
served by the same views as in qualitycert/urls.py (decision 0006). Every
other path is a 404; the reverse proxy sends only these paths here."""

from django.urls import path

from qualitycert import views
from qualitycert.verification import lookup
from qualitycert.verification import views as verification_views

urlpatterns = [
    path("api/v1/certificates/<path:number>", lookup.certificate, name="certificate-lookup"),
    path(".well-known/qualitycert-keys.json", verification_views.published_keys, name="jwks"),
    path("healthz", views.healthz, name="healthz"),
]

# JSON for /api/ paths, as in qualitycert/urls.py.
handler400 = "qualitycert.api.contract.bad_request"
handler404 = "qualitycert.api.contract.not_found"
handler500 = "qualitycert.api.contract.server_error"
