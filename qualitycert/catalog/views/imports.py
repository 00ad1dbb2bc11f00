"""Uploading the catalogue, declarations or sampling results (all rows or
none, every bad row listed) and the blank templates to fill in."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import BUREAU
from qualitycert.lib.i18n import pick
from qualitycert.lib.xlsx import write_xlsx

from ..forms import ImportForm
from ..importers import KINDS, Column, TableError

# The notes sheet speaks the reader's language; the header row stays the one
# the import reads back (the Chinese label with the English name).
NOTES_HEADER = (gettext_lazy("列"), gettext_lazy("必填"), gettext_lazy("格式"), gettext_lazy("示例"))


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Spools the upload to disk (the reader needs a path) and stops reading
    once the body passes the limit, instead of storing an oversized file."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.http_request, self.limit, self.received = request, limit, 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.http_request.upload_too_large = True  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked by csrf_protect below, once the upload handler is in place
@role_required(*BUREAU)
def import_page(request: HttpRequest) -> HttpResponse:
    # The CSRF check reads the body, so the size-limiting handler must be set first.
    request.upload_handlers = [LimitedUploadHandler(request, settings.QC_MAX_UPLOAD_BYTES)]
    return _import_page(request)


@csrf_protect
def _import_page(request: HttpRequest) -> HttpResponse:
    kinds = [(k.key, k.label) for k in KINDS.values()]
    context: dict[str, object] = {"kinds": KINDS.values(),
                                  "max_mb": settings.QC_MAX_UPLOAD_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if getattr(request, "upload_too_large", False):
            form.add_error("file", f"> {context['max_mb']} MiB")
            status = 413
        elif form.is_valid():
            kind = KINDS[form.cleaned_data["kind"]]
            upload = form.cleaned_data["file"]
            try:
                result = kind.run(upload.temporary_file_path(), actor=Actor.of(request.user),
                                  filename=upload.name)
            except TableError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                context.update({"result": result, "kind": kind})
                status = 200 if result.ok else 422
        else:
            status = 400
    else:
        form = ImportForm(kinds=kinds, initial={"kind": request.GET.get("kind", "samplings")})
    context["form"] = form
    return render(request, "catalog/import.html", context, status=status)


def template_csv(columns: tuple[Column, ...]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerow([c.template_header for c in columns])
    # The BOM makes Excel on Windows open the file as UTF-8 instead of GBK.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def template_xlsx(columns: tuple[Column, ...], title: str) -> bytes:
    notes = [[c.template_header, gettext("是") if c.required else gettext("否"),
              pick(c.format_zh, c.format_en), c.example] for c in columns]
    out = io.BytesIO()
    # The first sheet is the one read back; the notes sheet is ignored on import.
    write_xlsx(out, [(title, [c.template_header for c in columns], []),
                     (gettext("填写说明"), [str(h) for h in NOTES_HEADER], notes)])
    return out.getvalue()


@require_GET
@role_required(*BUREAU)
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    found = KINDS.get(kind)
    if found is None:
        raise Http404("no such template")
    if fmt == "csv":
        body, content_type = template_csv(found.columns), "text/csv; charset=utf-8"
    else:
        body = template_xlsx(found.columns, str(found.label))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qualitycert-{kind}-template.{fmt}"'
    return response
