"""The URLconf of the public entry point (qualitycert/wsgi_public.py,
settings_public.py): only the public lookup and what checks its answers,
served by the same views as in qualitycert/urls.py (decision 0006). Every
other path is a 404; the reverse proxy sends only these paths here."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.functional import Promise

from qualitycert import views
from qualitycert.api.contract import BAD_REQUEST, NO_SUCH_PATH, SERVER_ERROR
from qualitycert.api.schemas import error_response
from qualitycert.verification import lookup
from qualitycert.verification import views as verification_views

urlpatterns = [
    path("api/v1/certificates/<path:number>", lookup.certificate, name="certificate-lookup"),
    path(".well-known/qualitycert-keys.json", verification_views.published_keys, name="jwks"),
    path("healthz", views.healthz, name="healthz"),
]



# Errors as the API's JSON on every path: the site's HTML error pages extend
# templates that link to pages this URLconf does not have. `detail` follows the
# request's Accept-Language (or language cookie) as the API's does; this entry
# point has no LocaleMiddleware (settings_public.py), so the handlers pick it.
def _in_request_language(request: HttpRequest, status: int, detail: Promise) -> HttpResponse:
    with translation.override(translation.get_language_from_request(request)):
        return error_response(status, detail)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _in_request_language(request, 400, BAD_REQUEST)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _in_request_language(request, 404, NO_SUCH_PATH)


def server_error(request: HttpRequest) -> HttpResponse:
    return _in_request_language(request, 500, SERVER_ERROR)


handler400 = bad_request
handler404 = not_found
handler500 = server_error
