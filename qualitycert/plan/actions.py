"""Every write of the plan app. Each action checks who acts, is atomic, and
appends its audit entry in the same transaction; mail and file removal wait
for the commit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append

from .access import require_own_unit, review_refusal
from .figures import FigureValueError, parse_value
from .loading import load_plan, read_plan_file
from .models import (
    AssessmentRule,
    Indicator,
    ManualFigure,
    PeriodDeadline,
    Plan,
    ProgressReport,
    ProgressStatus,
    ReportAttachment,
    ReportReview,
    ReviewOutcome,
    Target,
    WorkItem,
)
from .periods import Period, PeriodError, is_of_frequency, parse_period
from .uploads import AttachmentError, check_attachment


class PlanError(ValueError):
    """A rule of the plan refused the change; the message says why (zh and en)."""


def today() -> dt.date:
    return timezone.localdate()


def report_snapshot(report: ProgressReport) -> dict[str, Any]:
    return {
        "work_item": report.work_item.label,
        "department": report.department.code,
        "period": report.period,
        "status": report.status,
        "state": report.state,
        "narrative": report.narrative,
        "figures": report.figures,
        "review_comment": report.review_comment,
        "revision_count": report.revision_count,
    }


def _audit_report(action: str, report: ProgressReport, *, actor: Actor,
                  before: dict[str, Any] | None, reason: str = "") -> None:
    audit_append(action=action, object_type="plan.progressreport", object_id=str(report.pk),
                 object_repr=f"{report.period} {report.work_item.label} {report.department.name}",
                 actor=actor, reason=reason, before=before, after=report_snapshot(report))


def check_period(plan: Plan, code: str, *, on: dt.date | None = None) -> Period:
    """A period a report may be filed for: of the plan's frequency, not before
    reporting started, and already begun."""
    try:
        period = parse_period(code)
    except PeriodError as exc:
        raise PlanError(_("报送期格式有误：%(code)r（应为 2026Q1、2026-03 或 2026）")
                        % {"code": exc.code}) from exc
    if not is_of_frequency(period, plan.report_frequency):
        raise PlanError(_("本方案按%(frequency)s报送，%(period)s不是有效报送期") % {
            "frequency": plan.get_report_frequency_display(), "period": period.code})
    if period.ends_on < plan.reporting_starts_on:
        raise PlanError(_("%(period)s早于报送起始日期%(starts)s") % {
            "period": period.code, "starts": plan.reporting_starts_on})
    if period.starts_on > (on or today()):
        raise PlanError(_("%(period)s尚未开始") % {"period": period.code})
    return period


def _clean_figures(figures: list[tuple[str, str]] | list[list[str]]) -> list[list[str]]:
    cleaned = []
    for pair in figures:
        key, value = (str(part).strip() for part in pair)
        if not key:
            raise PlanError(_("数据项名称不能为空"))
        if len(key) > 100 or len(value) > 200:
            raise PlanError(_("数据项过长"))
        try:
            number = parse_value(value)
        except FigureValueError:
            raise PlanError(_("“%(name)s”的数值“%(value)s”不是数字：请用阿拉伯数字填写，可带单位，"
                              "如“15”或“15 家”。") % {"name": key, "value": value}) from None
        cleaned.append([key, str(number)])
    if len(cleaned) > 50:
        raise PlanError(_("数据项最多50项"))
    return cleaned


def save_report(*, work_item: WorkItem, period: str, status: str, narrative: str,
                figures: list[tuple[str, str]] | list[list[str]], actor: Actor) -> ProgressReport:
    """Create or update the actor's unit's draft for a work item and period."""
    department = actor.department
    if department is None:
        raise PermissionDenied(_("只有责任单位人员可以填报"))
    require_own_unit(actor, department)
    if not work_item.unit_links.filter(department=department).exists():
        raise PermissionDenied(_("本单位不是该项工作的责任单位"))
    checked = check_period(work_item.task.plan, period)
    if status not in ProgressStatus.values:
        raise PlanError(_("进展状态无效：%(status)r") % {"status": status})
    figures = _clean_figures(figures)
    with transaction.atomic():
        report = (ProgressReport.objects.select_for_update()
                  .filter(work_item=work_item, department=department, period=checked.code).first())
        before = None
        if report is None:
            report = ProgressReport(work_item=work_item, department=department,
                                    period=checked.code, created_by=actor.user)
        else:
            if not report.is_editable:
                raise PlanError(_("报告已报送，不能修改"))
            before = report_snapshot(report)
        report.status, report.narrative, report.figures = status, narrative.strip(), figures
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:  # a second tab created it a moment ago
            raise PlanError(_("该报告已存在，请刷新后重试")) from exc
        _audit_report("plan.report.save", report, actor=actor, before=before)
    return report


def _locked(report: ProgressReport) -> ProgressReport:
    return (ProgressReport.objects.select_for_update()
            .select_related("work_item__task", "department").get(pk=report.pk))


def submit_report(report: ProgressReport, *, actor: Actor) -> ProgressReport:
    require_own_unit(actor, report.department)
    with transaction.atomic():
        locked = _locked(report)
        before = report_snapshot(locked)
        locked.submit()
        locked.save()
        _audit_report("plan.report.submit", locked, actor=actor, before=before)
    return locked


def _refuse_review(report: ProgressReport, outcome: ReviewOutcome, *, actor: Actor,
                   why: str) -> None:
    """Record the refused attempt (it commits on its own, whatever the caller
    does next), then refuse."""
    with transaction.atomic():
        audit_append(action="plan.report.review_refused", object_type="plan.progressreport",
                     object_id=str(report.pk),
                     object_repr=f"{report.period} {report.work_item.label} "
                                 f"{report.department.name}",
                     actor=actor, reason=why, after={"outcome": outcome.value})
    raise PermissionDenied(why)


def _review(report: ProgressReport, outcome: ReviewOutcome, *, actor: Actor,
            comment: str) -> ProgressReport:
    """No one reviews their own unit's report: the lead unit reviews the other
    units', the bureau reviews the lead unit's own (access.review_refusal)."""
    why = review_refusal(actor, report)
    if why:
        _refuse_review(report, outcome, actor=actor, why=why)
    with transaction.atomic():
        locked = _locked(report)
        before = report_snapshot(locked)
        if outcome == ReviewOutcome.ACCEPTED:
            locked.accept(actor.user, comment)
        else:
            locked.request_revision(actor.user, comment)
        locked.save()
        ReportReview.objects.create(report=locked, outcome=outcome, comment=comment,
                                    reviewer=actor.person(), reviewer_name=actor.signature())
        _audit_report(f"plan.report.{outcome.value}", locked, actor=actor, before=before,
                      reason=comment)
    return locked


def accept_report(report: ProgressReport, *, actor: Actor, comment: str = "") -> ProgressReport:
    return _review(report, ReviewOutcome.ACCEPTED, actor=actor, comment=comment.strip())


def request_revision(report: ProgressReport, *, actor: Actor, comment: str) -> ProgressReport:
    comment = (comment or "").strip()
    if not comment:
        raise PlanError(_("退回修改须填写意见"))
    return _review(report, ReviewOutcome.REVISION_REQUESTED, actor=actor, comment=comment)


def add_attachment(report: ProgressReport, *, name: str, size: int, stream: IO[bytes],
                   actor: Actor) -> ReportAttachment:
    require_own_unit(actor, report.department)
    if not report.is_editable:
        raise PlanError(_("报告已报送，不能添加附件"))
    try:
        checked = check_attachment(name, size, stream)
    except AttachmentError as exc:
        raise PlanError(str(exc)) from exc
    if report.attachments.count() >= 20:
        raise PlanError(_("每份报告最多20个附件"))
    with transaction.atomic():
        attachment = ReportAttachment(
            report=report, original_name=checked.name, content_type=checked.content_type,
            size=checked.size, sha256=checked.sha256, uploaded_by=actor.user)
        attachment.file.save(checked.name, File(stream), save=False)
        stored = attachment.file.name
        # If the row or the audit entry fails, the stored file must not stay behind.
        try:
            attachment.save()
            audit_append(action="plan.attachment.add", object_type="plan.reportattachment",
                         object_id=str(attachment.pk), object_repr=checked.name, actor=actor,
                         after={"report": report.pk, "name": checked.name,
                                "size": checked.size, "sha256": checked.sha256})
        except Exception:
            attachment.file.storage.delete(stored)
            raise
    return attachment


def delete_attachment(attachment: ReportAttachment, *, actor: Actor) -> None:
    report = attachment.report
    require_own_unit(actor, report.department)
    if not report.is_editable:
        raise PlanError(_("报告已报送，不能删除附件"))
    storage, stored = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        audit_append(action="plan.attachment.delete", object_type="plan.reportattachment",
                     object_id=str(attachment.pk), object_repr=attachment.original_name,
                     actor=actor, before={"report": report.pk, "name": attachment.original_name,
                                          "sha256": attachment.sha256})
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(stored))


def _require_bureau(actor: Actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("仅限局工作人员"))


def record_manual_figure(*, target: Target, value: Decimal, as_of: dt.date, source: str,
                         actor: Actor) -> ManualFigure:
    _require_bureau(actor)
    source = (source or "").strip()
    if target.indicator != Indicator.MANUAL:
        raise PlanError(_("该指标由系统计算，不能人工填报"))
    if not source:
        raise PlanError(_("必须注明数据来源"))
    if as_of > today():
        raise PlanError(_("截至日期不能晚于今天"))
    if value < 0:
        raise PlanError(_("数值不能为负"))
    with transaction.atomic():
        figure = ManualFigure.objects.create(target=target, value=value, as_of=as_of,
                                             source=source, entered_by=actor.person())
        audit_append(action="plan.figure.record", object_type="plan.manualfigure",
                     object_id=str(figure.pk), object_repr=f"{target.name} {value}",
                     actor=actor, after={"target": target.code, "value": str(value),
                                         "as_of": as_of, "source": source})
    return figure


def add_assessment_rule(*, plan: Plan, effective_year: int, timeliness: int,
                        completeness: int, review: int, note: str, actor: Actor) -> AssessmentRule:
    """A new version of the weights; earlier versions stay for the record."""
    _require_bureau(actor)
    weights = (timeliness, completeness, review)
    if min(weights) < 0 or sum(weights) <= 0:
        raise PlanError(_("权重须为非负整数且合计大于 0"))
    with transaction.atomic():
        latest = (AssessmentRule.objects.select_for_update().filter(
            plan=plan, effective_year=effective_year).aggregate(v=Max("version"))["v"] or 0)
        rule = AssessmentRule.objects.create(
            plan=plan, effective_year=effective_year, version=latest + 1,
            weight_timeliness=timeliness, weight_completeness=completeness,
            weight_review=review, note=note.strip(), created_by=actor.user)
        audit_append(action="plan.assessment_rule.add", object_type="plan.assessmentrule",
                     object_id=str(rule.pk), object_repr=str(rule), actor=actor,
                     after={"plan": plan.code, "effective_year": effective_year,
                            "version": rule.version, "weights": list(weights)})
    return rule


def set_period_deadline(*, plan: Plan, period: str, due_on: dt.date, reason: str,
                        actor: Actor) -> PeriodDeadline:
    _require_bureau(actor)
    reason = (reason or "").strip()
    if not reason:
        raise PlanError(_("必须填写理由"))
    try:
        checked = parse_period(period)
    except PeriodError as exc:
        raise PlanError(_("报送期格式有误：%(code)r（应为 2026Q1、2026-03 或 2026）")
                        % {"code": exc.code}) from exc
    if due_on <= checked.ends_on:
        raise PlanError(_("截止日期须晚于报送期末"))
    with transaction.atomic():
        existing = PeriodDeadline.objects.select_for_update().filter(
            plan=plan, period=checked.code).first()
        before = {"due_on": existing.due_on} if existing else None
        deadline, _created = PeriodDeadline.objects.update_or_create(
            plan=plan, period=checked.code, defaults={"due_on": due_on, "reason": reason})
        audit_append(action="plan.deadline.set", object_type="plan.perioddeadline",
                     object_id=str(deadline.pk), object_repr=f"{plan.code} {checked.code}",
                     actor=actor, reason=reason, before=before, after={"due_on": due_on})
    return deadline


def load_plan_file(path: str | Path, *, actor: Actor) -> Plan:
    data = read_plan_file(path)
    with transaction.atomic():
        plan = load_plan(data, lambda name: apps.get_model("plan", name))
        audit_append(action="plan.load", object_type="plan.plan", object_id=str(plan.pk),
                     object_repr=str(plan), actor=actor,
                     after={"code": plan.code, "tasks": len(data["tasks"]),
                            "file": Path(path).name})
    return plan
