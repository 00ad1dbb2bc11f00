"""The report pages: the bureau's annual-report downloads, and the public open
data (a data dictionary page and the daily files)."""

from __future__ import annotations

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from django.views.static import was_modified_since

from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.ratelimit import client_address, hit
from qualitycert.accounts.roles import BUREAU

from . import builders
from .annual import build_annual_report
from .forms import AnnualReportForm
from .opendata import BY_FILE, CHECKPOINT, DATASETS, MANIFEST, open_data_dir, read_manifest

YEARS_OFFERED = 15


def _index_context(form: AnnualReportForm) -> dict[str, object]:
    this_year = timezone.localdate().year
    return {"form": form, "years": list(range(this_year, this_year - YEARS_OFFERED, -1)),
            "default_year": this_year - 1}


@require_GET
@role_required(*BUREAU)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", _index_context(AnnualReportForm()))


@require_GET
@role_required(*BUREAU)
def annual(request: HttpRequest) -> HttpResponse:
    form = AnnualReportForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/index.html", _index_context(form), status=400)
    fmt = form.cleaned_data["format"]
    report = build_annual_report(form.cleaned_data["year"])
    response = HttpResponse(builders.build(report, fmt), content_type=builders.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{builders.file_name(report, fmt)}"'
    return response


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    manifest = read_manifest() or {}
    files = {f["file"]: f for ds in manifest.get("datasets", []) for f in ds.get("files", [])}
    datasets = [(ds, [(name, files.get(name)) for name in ds.file_names()]) for ds in DATASETS]
    return render(request, "reports/open_data.html", {
        "datasets": datasets, "generated_at": manifest.get("generated_at"),
        "manifest_name": MANIFEST, "log_checkpoint": manifest.get("log_checkpoint")})


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                 "txt": "text/plain; charset=utf-8"}


def _downloads_per_hour() -> int:
    return int(settings.QC_RATE_OPEN_DATA_PER_HOUR)


@require_GET
def open_data_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A generated file, streamed from disk. Only the published names are served."""
    decision = hit(f"open-data:{client_address(request)}", _downloads_per_hour(), window=3600)
    if not decision.allowed:
        response = render(request, "reports/rate_limited.html",
                          {"retry_after": decision.retry_after}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    if name not in BY_FILE and name not in (MANIFEST, CHECKPOINT):
        raise Http404("no such open-data file")
    path = open_data_dir() / name
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise Http404("open data not generated yet") from None
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)):
        return HttpResponseNotModified()
    suffix = name.rsplit(".", 1)[-1]
    download = FileResponse(path.open("rb"), as_attachment=name != MANIFEST, filename=name,
                            content_type=CONTENT_TYPES.get(suffix, "application/json"))
    download["Last-Modified"] = http_date(stat.st_mtime)
    return download
