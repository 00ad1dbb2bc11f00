"""Who may see and change which progress reports. One place, used by views,
actions and the admin alike.

- Bureau staff (admin, supervisor) see every report.
- A department user sees its own unit's reports, and the reports of every
  unit on the work items its unit leads (the lead reviews them).
- Only the unit's own users write a report. Nobody reviews their own unit's
  report: the lead unit reviews the participating units' reports, and the
  bureau (admin, supervisor) reviews the lead unit's own report.
- Reports owed and not yet filed: the bureau sees every unit's, a department
  user its own unit's.
Anything else is a 404, never a hint that the report exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import effective_role, is_bureau

from .models import Department, Plan, ProgressReport, ReportAttachment, ReportState, WorkItem
from .queries import Outstanding, outstanding_reports


def department_of(user: Any) -> Department | None:
    if effective_role(user) == Role.DEPARTMENT and user.department_id:
        return user.department
    return None


def reports_visible_to(user: Any, qs: QuerySet[ProgressReport] | None = None
                       ) -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.all() if qs is None else qs
    if is_bureau(user):
        return qs
    dept = department_of(user)
    if dept is None:
        return qs.none()
    return qs.filter(Q(department=dept) | Q(work_item__lead=dept))


def outstanding_visible_to(user: Any, plan: Plan, on: dt.date) -> list[Outstanding]:
    """The reports owed on `on` and not yet submitted that the user may see.
    A department account without its unit (a misconfiguration) sees none."""
    if is_bureau(user):
        return outstanding_reports(plan, on)
    dept = department_of(user)
    if dept is None:
        return []
    return outstanding_reports(plan, on, department=dept)


def report_for(user: Any, pk: int) -> ProgressReport:
    report = (reports_visible_to(user).filter(pk=pk)
              .select_related("work_item__task__plan", "work_item__lead", "department",
                              "reviewed_by").first())
    if report is None:
        raise Http404("report not found")
    return report


def may_write_report(user: Any, report: ProgressReport) -> bool:
    dept = department_of(user)
    return dept is not None and report.department_id == dept.pk


def review_refusal(user: Any, report: ProgressReport) -> str:
    """Why the user may not review the report, or "" if they may."""
    dept = department_of(user)
    if dept is not None and report.department_id == dept.pk:
        return _("不能审核本单位的报告：牵头单位的报告由局审核。")
    if is_bureau(user):
        if report.department_id == report.work_item.lead_id:
            return ""
        return _("参与单位的报告由牵头单位审核。")
    if dept is not None and report.work_item.lead_id == dept.pk:
        return ""
    return _("只有牵头单位可以审核参与单位的报告。")


def may_review_report(user: Any, report: ProgressReport) -> bool:
    return not review_refusal(user, report)


def reviewable_by(user: Any) -> QuerySet[ProgressReport]:
    """Submitted reports the user may review: for the bureau, the lead units'
    own reports; for a lead unit, the other units' reports on its items."""
    submitted = ProgressReport.objects.filter(state=ReportState.SUBMITTED)
    if is_bureau(user):
        qs = submitted.filter(department_id=F("work_item__lead_id"))
    else:
        dept = department_of(user)
        if dept is None:
            return submitted.none()
        qs = submitted.filter(work_item__lead=dept).exclude(department=dept)
    return (qs.select_related("work_item__task", "work_item__lead", "department")
            .order_by("submitted_at", "pk"))


def report_for_writing(user: Any, pk: int) -> ProgressReport:
    """The report if the user's own unit filed it: 404 for strangers, 403 for the
    lead unit, which may read the report but not write it."""
    report = report_for(user, pk)
    if not may_write_report(user, report):
        raise PermissionDenied(_("只能填写本单位的报告。"))
    return report


def work_item_for_reporting(user: Any, pk: int) -> WorkItem:
    """A work item the user's unit is responsible for; 404 otherwise."""
    dept = department_of(user)
    item = None
    if dept is not None:
        item = (WorkItem.objects.filter(pk=pk, unit_links__department=dept)
                .select_related("task__plan", "lead").first())
    if item is None:
        raise Http404("work item not found")
    return item


def attachment_for(user: Any, pk: int) -> ReportAttachment:
    attachment = ReportAttachment.objects.filter(
        pk=pk, report__in=reports_visible_to(user)).select_related("report").first()
    if attachment is None:
        raise Http404("attachment not found")
    return attachment


def require_own_unit(actor: Actor, department: Department) -> None:
    dept = department_of(actor)
    if dept is None or dept.pk != department.pk:
        raise PermissionDenied(_("只能填写本单位的报告。"))
