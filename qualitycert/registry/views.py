"""Back-office upload of registry files (/registry/import/): the form, the
outcome (error report or summary), the blank templates and the XLSX report."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import forbidden, role_required
from qualitycert.accounts.roles import BUREAU, REGISTRY_STAFF

from .importers import ImportKind, TableError, columns_for, kinds_allowed, run_import
from .importers.forms import ImportForm, LimitedUploadHandler
from .importers.permissions import batch_for, batches_visible_to
from .importers.template_files import template_csv, template_xlsx

RECENT = 10


@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked by csrf_protect below, once the upload handler is in place
@role_required(*REGISTRY_STAFF)
def import_page(request: HttpRequest) -> HttpResponse:
    # The CSRF check reads the body, so the size-limiting handler must be set first.
    request.upload_handlers = [LimitedUploadHandler(request, settings.QC_MAX_UPLOAD_BYTES)]
    return _import_page(request)


@csrf_protect
def _import_page(request: HttpRequest) -> HttpResponse:
    kinds = kinds_allowed(request.user)
    if not kinds:
        return forbidden(request, BUREAU)
    context: dict[str, object] = {"kinds": kinds,
                                  "max_mb": settings.QC_MAX_UPLOAD_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if getattr(request, "upload_too_large", False):
            form.add_error(None, _("文件超过大小上限 %(mb)s MiB，未处理") % {"mb": context["max_mb"]})
            status = 413
        elif not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["file"]
            try:
                result = run_import(
                    form.cleaned_data["kind"], upload.temporary_file_path(),
                    actor=Actor.of(request.user),
                    filename=upload.name, dry_run=form.cleaned_data["dry_run"],
                    origin="网页上传", keep_report=True)
            except TableError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                context["result"] = result
                status = 422 if result.errors else 200
    else:
        form = ImportForm(kinds=kinds)
    context["form"] = form
    context["recent"] = batches_visible_to(request.user).select_related("actor")[:RECENT]
    response = render(request, "registry/import.html", context, status=status)
    if "result" in context:
        context["result"].errors.close()  # type: ignore[attr-defined]
    return response


@require_GET
@role_required(*REGISTRY_STAFF)
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    allowed = {k.value for k in kinds_allowed(request.user)}
    if kind not in allowed:
        raise Http404("no such template")
    columns = columns_for(kind)
    name = f"qualitycert-{kind}-template.{fmt}"
    if fmt == "csv":
        body, content_type = template_csv(columns), "text/csv; charset=utf-8"
    else:
        body = template_xlsx(columns, str(ImportKind(kind).label))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@role_required(*REGISTRY_STAFF)
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(request.user, pk)
    if not batch.report_file:
        raise Http404("this batch has no error report")
    response = FileResponse(batch.report_file.open("rb"), as_attachment=True,
                            filename=f"import-{batch.pk}-errors.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument"
                                         ".spreadsheetml.sheet")
    # role_required is typed for HttpResponse; a streamed file is its sibling class.
    return cast(HttpResponse, response)
