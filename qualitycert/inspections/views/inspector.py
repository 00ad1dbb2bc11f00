"""The inspector's pages (phone first): assignments, result entry, co-signing,
attachments, declared conflicts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, effective_role

from .. import actions, queries
from ..access import (
    attachment_for,
    inspector_for,
    inspector_or_none,
    result_for_member,
    selection_for_member,
)
from ..forms import AssignmentFilterForm, AttachmentForm, ConflictForm, ResultForm
from ..models import InspectionResult, PlanError, ResultStatus, Selection


@require_GET
@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """Any signed-in account may open the page (the front page links it for
    every role); one without an inspector-library entry is told why it sees
    nothing and whom to ask, instead of a bare 404 or 403."""
    inspector = inspector_or_none(request.user)
    if inspector is None:
        return render(request, "inspections/no_inspector_profile.html", {
            "is_inspector": effective_role(request.user) == Role.INSPECTOR,
            "library_keepers": queries.library_keepers(),
        })
    form = AssignmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.assignments_for(inspector, q=filters.get("q", ""),
                                    status=filters.get("status", ""),
                                    due_by=filters.get("due_by"))
    page = Paginator(found, queries.ASSIGNMENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    in_scope = queries.certificates_in_scope(rows)
    return render(request, "inspections/my_assignments.html", {
        "inspector": inspector, "form": form, "page": page,
        "rows": [(s, in_scope.get(s.pk, [])) for s in rows],
        "filtered": any(filters.values()), "total": queries.assignment_count(inspector),
        "today": timezone.localdate(),
    })


def _assignment_page(request: HttpRequest, selection: Selection, *,
                     form: ResultForm | None = None, upload: AttachmentForm | None = None,
                     error: str = "", status: int = 200) -> HttpResponse:
    result = InspectionResult.objects.filter(selection=selection).first()
    if form is None:
        initial = {}
        if result is not None:
            initial = {"category": result.category, "findings": result.findings,
                       "rectification_deadline": result.rectification_deadline,
                       "product_name": result.product_name,
                       "product_category": result.product_category}
        form = ResultForm(initial=initial)
    return render(request, "inspections/my_assignment.html", {
        "selection": selection, "result": result, "form": form,
        "upload": upload or AttachmentForm(),
        "team": selection.team.select_related("inspector"),
        "items": selection.plan.items.all(),
        "attachments": result.attachments.all() if result else [],
        "certificates": queries.certificates_in_scope([selection])[selection.pk],
        "editable": result is None or result.editable,
        "may_cosign": (result is not None and result.status == ResultStatus.AWAITING_COSIGN
                       and result.submitted_by_id != request.user.pk),
        "error": error,
    }, status=status)


@require_http_methods(["GET", "POST"])
@role_required(Role.INSPECTOR)
def my_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    selection = selection_for_member(request.user, pk)
    if request.method == "GET":
        return _assignment_page(request, selection)
    form = ResultForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.save_result(selection, category=d["category"], findings=d["findings"],
                                rectification_deadline=d["rectification_deadline"],
                                product_name=d["product_name"],
                                product_category=d["product_category"], actor=Actor.of(request.user))
        except PlanError as exc:
            return _assignment_page(request, selection, form=form, error=str(exc), status=400)
        messages.success(request, _("已保存"))
        return redirect("inspections:my_assignment", pk=pk)
    return _assignment_page(request, selection, form=form, status=400)


def _result_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    result = result_for_member(request.user, pk)
    try:
        if step == "submit":
            actions.submit_result(result, actor=Actor.of(request.user))
        else:
            actions.cosign_result(result, actor=Actor.of(request.user))
    except (PlanError, PermissionDenied) as exc:
        return _assignment_page(request, result.selection, error=str(exc), status=409)
    messages.success(request, _("已提交") if step == "submit"
                     else _("已会签"))
    return redirect("inspections:my_assignment", pk=pk)


@require_POST
@role_required(Role.INSPECTOR)
def result_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _result_step(request, pk, "submit")


@require_POST
@role_required(Role.INSPECTOR)
def result_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    return _result_step(request, pk, "cosign")


@require_POST
@role_required(Role.INSPECTOR)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    result = result_for_member(request.user, pk)
    upload = AttachmentForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _assignment_page(request, result.selection, upload=upload, status=400)
    try:
        actions.add_attachment(result, upload.cleaned_data["file"], actor=Actor.of(request.user))
    except PlanError as exc:
        return _assignment_page(request, result.selection, error=str(exc), status=400)
    messages.success(request, _("附件已上传"))
    return redirect("inspections:my_assignment", pk=pk)


@require_GET
@role_required(Role.INSPECTOR, *BUREAU)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("file missing") from None
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True,
                            filename=attachment.original_name)
    # Served from our origin: never let a browser sniff it into HTML.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # role_required is typed for HttpResponse; a FileResponse streams instead.
    return response  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
@role_required(Role.INSPECTOR)
def my_conflicts(request: HttpRequest) -> HttpResponse:
    inspector = inspector_for(request.user)
    form = ConflictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.declare_conflict(inspector=inspector,
                                         target=form.cleaned_data["identifier"],
                                         reason=form.cleaned_data["reason"], actor=Actor.of(request.user))
            except PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("回避申报已登记"))
                return redirect("inspections:my_conflicts")
    return render(request, "inspections/my_conflicts.html", {
        "form": form, "inspector": inspector,
        "conflicts": inspector.conflicts.select_related("target").order_by("-declared_at"),
    }, status=status)
