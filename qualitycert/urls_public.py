"""The URLconf of the public entry point (qualitycert/wsgi_public.py,
settings_public.py): only the public lookup and what checks its answers,
served by the same views as in qualitycert/urls.py (decision 0006). Every
other path is a 404; the reverse proxy sends only these paths here."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from qualitycert import views
from qualitycert.api.contract import NO_SUCH_PATH
from qualitycert.api.schemas import error_response
from qualitycert.verification import lookup
from qualitycert.verification import views as verification_views

urlpatterns = [
    path("api/v1/certificates/<path:number>", lookup.certificate, name="certificate-lookup"),
    path(".well-known/qualitycert-keys.json", verification_views.published_keys, name="jwks"),
    path("healthz", views.healthz, name="healthz"),
]



# Errors as the API's JSON on every path: the site's HTML error pages extend
# templates that link to pages this URLconf does not have.
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_response(400, "请求无效 bad request")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_response(404, NO_SUCH_PATH)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(500, "服务器内部错误，已记录 internal error; it has been logged")


handler400 = bad_request
handler404 = not_found
handler500 = server_error
