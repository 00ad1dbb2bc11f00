"""Supplier-list check in the browser (/verify/suppliers/): the upload form,
the results table, the result XLSX and the blank templates. Open to everyone,
rate-limited like the JSON batch check (1 + rows/100 lookups per file). What
is kept and for how long is decided in suppliers.py."""

from __future__ import annotations

import io
from typing import Any, cast

from django import forms
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts import ratelimit
from qualitycert.lib.tabular import TableError

from . import presentation, suppliers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The page shows this many rows; the workbook always has them all.
DISPLAY_CAP = 1000


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Spools the upload to disk (the reader needs a path) and stops reading
    once it passes the limit, instead of storing an oversized file."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.http_request = request
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.http_request.upload_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


class SupplierListForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("供应商名单"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}))


def _context(**extra: Any) -> dict[str, Any]:
    return {"max_rows": suppliers.max_rows(),
            "max_mb": max(1, suppliers.max_bytes() // (1024 * 1024)),
            "ttl_minutes": int(suppliers.result_ttl().total_seconds() // 60), **extra}


@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked by csrf_protect below, once the upload handler is in place
def supplier_check(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        decision = ratelimit.check_request(request)
        if not decision.allowed:
            return ratelimit.too_many_requests_page(request, decision)
        # The CSRF check reads the body, so the size-limiting handler goes first.
        request.upload_handlers = [SizeLimitedUploadHandler(request, suppliers.max_bytes())]
    return _supplier_check(request)


@csrf_protect
def _supplier_check(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "procurement/suppliers.html", _context(form=SupplierListForm()))
    form = SupplierListForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        message = _("文件超过大小上限 %(mb)s MiB，未处理") % {"mb": _context()["max_mb"]}
        return render(request, "procurement/suppliers.html",
                      _context(form=SupplierListForm(), upload_error=message), status=413)
    if not form.is_valid():
        return render(request, "procurement/suppliers.html", _context(form=form), status=400)
    upload = form.cleaned_data["file"]
    try:
        source = suppliers.read_supplier_list(upload.temporary_file_path(),
                                              file_name=upload.name)
    except TableError as exc:
        form.add_error("file", str(exc))
        return render(request, "procurement/suppliers.html", _context(form=form), status=400)
    # The first lookup was counted before the upload was read; a long list
    # costs as much as the same list sent to POST /api/v1/verify.
    extra = len(source.rows) // 100
    if extra:
        decision = ratelimit.check_request(request, cost=extra)
        if not decision.allowed:
            return ratelimit.too_many_requests_page(request, decision)
    checked = suppliers.check_supplier_list(source)
    kept, token = suppliers.keep_result(checked)
    rows = checked.outcomes[:DISPLAY_CAP]
    counts = [(verdict, presentation.TONES[verdict], suppliers.VERDICT_LABELS[verdict], n)
              for verdict, n in checked.counts.items()]
    response = render(request, "procurement/suppliers.html", _context(
        form=SupplierListForm(), checked=checked, rows=rows, counts=counts,
        expiring=checked.expiring, expiring_days=presentation.EXPIRING_DAYS,
        tone_words=list(presentation.TONE_WORDS.items()),
        truncated=len(checked.outcomes) > DISPLAY_CAP, display_cap=DISPLAY_CAP,
        download_url=reverse("procurement:supplier_result", args=[token]),
        expires_at=kept.expires_at))
    # The page holds the only copy of the download link: keep it out of caches.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def supplier_result(request: HttpRequest, token: str) -> HttpResponse:
    kept = suppliers.kept_result(token)
    if kept is None:
        return render(request, "procurement/supplier_result_gone.html", _context(), status=404)
    response = FileResponse(io.BytesIO(bytes(kept.result_xlsx)), as_attachment=True,
                            filename=suppliers.result_file_name(kept), content_type=XLSX_TYPE)
    response["Cache-Control"] = "no-store"
    return cast(HttpResponse, response)


@require_GET
def supplier_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "csv":
        body, content_type = suppliers.template_csv(), "text/csv; charset=utf-8"
    else:
        body, content_type = suppliers.template_xlsx(), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="supplier-list-template.{fmt}"'
    return response
