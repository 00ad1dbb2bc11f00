"""Filing and reviewing progress reports. Each view: the role decorator, one
access helper (the object or 404), one action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import PLAN_USERS

from .. import actions
from ..access import (
    attachment_for,
    department_of,
    may_write_report,
    report_for,
    report_for_writing,
    reports_visible_to,
    review_refusal,
    reviewable_by,
    work_item_for_reporting,
)
from ..forms import AttachmentForm, ReportForm, ReviewForm, figures_text
from ..models import InvalidReportTransition, ProgressReport, ReportState, WorkItem
from ..periods import PeriodError, parse_period
from ..queries import current_plan, ended_periods, reportable_periods, reports_of_unit


def _period_choice(request: HttpRequest) -> tuple[list[Any], str]:
    plan = current_plan()
    if plan is None:
        raise Http404("no plan loaded")
    today = timezone.localdate()
    periods = reportable_periods(plan, today)
    codes = [p.code for p in periods]
    ended = ended_periods(plan, today)
    default = ended[-1].code if ended else (codes[-1] if codes else "")
    chosen = request.GET.get("period") or default
    if codes and chosen not in codes:
        raise Http404("no such period")
    return periods, chosen


@require_GET
@role_required(*PLAN_USERS)
def my_reports(request: HttpRequest) -> HttpResponse:
    periods, period = _period_choice(request)
    unit = department_of(request.user)
    context: dict[str, Any] = {"periods": periods, "period": period, "unit": unit}
    if not period:  # reporting has not started yet
        return render(request, "plan/my_reports.html", context)
    if unit is not None:
        filed = reports_of_unit(unit, period)
        items = (WorkItem.objects.filter(unit_links__department=unit)
                 .select_related("task", "lead").order_by("task__number", "item"))
        context["rows"] = [(item, filed.get(item.pk)) for item in items]
        context["to_review"] = reviewable_by(request.user).count()
    else:
        context["reports"] = (reports_visible_to(request.user).filter(period=period)
                              .select_related("work_item__task", "department")
                              .order_by("work_item__task__number", "work_item__item",
                                        "department_id"))
    return render(request, "plan/my_reports.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.DEPARTMENT)
def file_report(request: HttpRequest, item_pk: int, period: str) -> HttpResponse:
    item = work_item_for_reporting(request.user, item_pk)
    try:
        period = parse_period(period).code
    except PeriodError as exc:
        raise Http404("bad period") from exc
    existing = ProgressReport.objects.filter(work_item=item, department=department_of(request.user),
                                             period=period).first()
    if existing is not None and not existing.is_editable:
        return redirect("plan:report_detail", pk=existing.pk)
    initial = ({"status": existing.status, "narrative": existing.narrative,
                "figures": figures_text(existing.figures)} if existing else {})
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.save_report(work_item=item, period=period, actor=Actor.of(request.user),
                                         **form.cleaned_data)
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存草稿"))
            return redirect("plan:report_detail", pk=report.pk)
    return render(request, "plan/report_form.html", {
        "item": item, "period": period, "form": form, "report": existing,
    }, status=400 if request.method == "POST" else 200)


def _detail(request: HttpRequest, report: ProgressReport, *, status: int = 200,
            error: str = "", review_form: ReviewForm | None = None,
            attachment_form: AttachmentForm | None = None) -> HttpResponse:
    can_write = may_write_report(request.user, report)
    can_review = (report.state == ReportState.SUBMITTED
                  and not review_refusal(request.user, report))
    return render(request, "plan/report_detail.html", {
        "report": report, "item": report.work_item, "error": error,
        "can_edit": can_write and report.is_editable, "can_review": can_review,
        "units": report.work_item.ordered_units(),
        "review_form": review_form or ReviewForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": report.attachments.all(),
        "reviews": report.reviews.select_related("reviewer"),
    }, status=status)


@require_GET
@role_required(*PLAN_USERS)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, report_for(request.user, pk))


@require_POST
@role_required(Role.DEPARTMENT)
def submit_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for_writing(request.user, pk)
    try:
        actions.submit_report(report, actor=Actor.of(request.user))
    except InvalidReportTransition as exc:
        return _detail(request, report, status=409, error=str(exc))
    messages.success(request, _("已报送，等待审核"))
    return redirect("plan:report_detail", pk=report.pk)


@require_POST
@role_required(*PLAN_USERS)
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, status=400, review_form=form)
    outcome, comment = form.cleaned_data["outcome"], form.cleaned_data["comment"]
    try:
        if outcome == "accepted":
            actions.accept_report(report, actor=Actor.of(request.user), comment=comment)
        else:
            actions.request_revision(report, actor=Actor.of(request.user), comment=comment)
    except PermissionDenied as exc:  # refused and audited by the action
        return _detail(request, report, status=403, error=str(exc))
    except InvalidReportTransition as exc:
        return _detail(request, report, status=409, error=str(exc))
    except actions.PlanError as exc:
        return _detail(request, report, status=400, error=str(exc))
    messages.success(request, _("审核意见已保存"))
    return redirect("plan:report_detail", pk=report.pk)


@require_POST
@role_required(Role.DEPARTMENT)
def upload_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for_writing(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, report, status=400, attachment_form=form)
    upload = form.cleaned_data["file"]
    try:
        actions.add_attachment(report, name=upload.name, size=upload.size, stream=upload.file,
                               actor=Actor.of(request.user))
    except actions.PlanError as exc:
        form.add_error("file", str(exc))
        return _detail(request, report, status=400, attachment_form=form)
    messages.success(request, _("附件已上传"))
    return redirect("plan:report_detail", pk=report.pk)


@require_POST
@role_required(Role.DEPARTMENT)
def delete_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for(request.user, pk)
    report = report_for_writing(request.user, attachment.report_id)
    try:
        actions.delete_attachment(attachment, actor=Actor.of(request.user))
    except actions.PlanError as exc:
        return _detail(request, report, status=409, error=str(exc))
    messages.success(request, _("附件已删除"))
    return redirect("plan:report_detail", pk=report.pk)


@require_GET
@role_required(*PLAN_USERS)
def download_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing from storage") from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # FileResponse streams; still a response


@require_GET
@role_required(*PLAN_USERS)
def reviews(request: HttpRequest) -> HttpResponse:
    """The submitted reports the viewer may review: the bureau sees the lead
    units' own reports, a lead unit the other units' reports on its items."""
    return render(request, "plan/reviews.html", {
        "unit": department_of(request.user), "queue": reviewable_by(request.user)})
