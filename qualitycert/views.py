"""The site's front door and a health probe; each app has its own views."""

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from qualitycert.backoffice.tools import staff_tools


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"staff_tools": staff_tools(request)})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico on every site whatever the page links;
    answer with the icon rather than a 404 in every access log."""
    found = finders.find("qualitycert/favicon.ico")
    if not found:
        raise Http404
    return FileResponse(open(found, "rb"), content_type="image/x-icon")
