"""Reads of the plan: the published task table, what is due from whom, what
is outstanding, and the progress summary of the dashboard.

"Due" is decided here once: every responsible unit of every work item owes one
report per period of the plan's frequency, from the period containing
`reporting_starts_on`, as soon as the period has ended; the deadline is the
period end plus `report_due_days`, unless a PeriodDeadline moves it. The
counts are small (24 work items × ~13 units × 4 quarters), so they are
assembled in Python from two queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Department,
    PeriodDeadline,
    Plan,
    ProgressReport,
    ProgressStatus,
    ReportState,
    Task,
    WorkItem,
    WorkItemUnit,
)
from .periods import Period, period_containing, periods_between


def current_plan() -> Plan | None:
    return Plan.objects.order_by("-published_on", "code").first()


def department_named(name: str) -> Department | None:
    """Resolve a unit by its name or any alias (区科学技术局 → 区科技局)."""
    name = (name or "").strip()
    for dept in Department.objects.all():
        if name == dept.name or name in dept.aliases:
            return dept
    return None


def tasks_with_items(plan: Plan) -> QuerySet[Task]:
    links = WorkItemUnit.objects.select_related("department").order_by("position")
    items = (WorkItem.objects.select_related("lead").order_by("item")
             .prefetch_related(Prefetch("unit_links", queryset=links)))
    return (plan.tasks.order_by("number").select_related("section")
            .prefetch_related(Prefetch("items", queryset=items)))


@dataclass(frozen=True)
class PublishedItem:
    task_number: int
    task_name: str
    item: int
    content: str
    lead_unit: str
    units: list[str]
    section: str


def published_items(plan: Plan) -> list[PublishedItem]:
    """One entry per work item, as the public API and the plan page show them."""
    rows = []
    for task in tasks_with_items(plan):
        for item in task.items.all():
            units = [link.department.name for link in item.unit_links.all()]
            rows.append(PublishedItem(
                task_number=task.number, task_name=task.name, item=item.item,
                content=item.content, lead_unit=item.lead.name, units=units,
                section=task.section.code if task.section else ""))
    return rows


def deadline_overrides(plan: Plan) -> dict[str, dt.date]:
    return dict(PeriodDeadline.objects.filter(plan=plan).values_list("period", "due_on"))


def due_on(plan: Plan, period: Period, overrides: dict[str, dt.date] | None = None) -> dt.date:
    overrides = deadline_overrides(plan) if overrides is None else overrides
    return overrides.get(period.code) or period.due_on(plan.report_due_days)


def ended_periods(plan: Plan, on: dt.date, *, year: int | None = None) -> list[Period]:
    """Periods of the plan that have ended before `on` (optionally within a year)."""
    start = plan.reporting_starts_on
    end = on - dt.timedelta(days=1)
    if year is not None:
        start, end = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return [p for p in periods_between(start, end, plan.report_frequency) if p.ends_on < on]


def current_period(plan: Plan, on: dt.date | None = None) -> Period:
    return period_containing(on or timezone.localdate(), plan.report_frequency)


def reportable_periods(plan: Plan, on: dt.date | None = None) -> list[Period]:
    """Periods a unit may file for today: from reporting start to the current one."""
    on = on or timezone.localdate()
    return list(periods_between(plan.reporting_starts_on, on, plan.report_frequency))


@dataclass(frozen=True)
class Obligation:
    work_item: WorkItem
    department: Department
    period: Period
    due_on: dt.date


def obligations(plan: Plan, periods: Iterable[Period], *,
                department: Department | None = None) -> list[Obligation]:
    overrides = deadline_overrides(plan)
    links = (WorkItemUnit.objects.filter(work_item__task__plan=plan)
             .select_related("work_item__task", "work_item__lead", "department")
             .order_by("work_item__task__number", "work_item__item", "position"))
    if department is not None:
        links = links.filter(department=department)
    pairs = list(links)
    return [Obligation(link.work_item, link.department, period, due_on(plan, period, overrides))
            for period in periods for link in pairs]


def report_index(plan: Plan, period_codes: Iterable[str]) -> dict[tuple[int, int, str], Any]:
    """(work_item_id, department_id, period) → the report row's key fields."""
    rows = (ProgressReport.objects.filter(work_item__task__plan=plan,
                                          period__in=list(period_codes))
            .values("pk", "work_item_id", "department_id", "period", "state", "status",
                    "first_submitted_at", "revision_count"))
    return {(r["work_item_id"], r["department_id"], r["period"]): r for r in rows}


@dataclass(frozen=True)
class Outstanding:
    obligation: Obligation
    state: str | None  # None: nothing filed yet; else draft or …
    overdue: bool
    report_id: int | None


def outstanding_reports(plan: Plan, on: dt.date, *,
                        department: Department | None = None) -> list[Outstanding]:
    """Reports owed for ended periods and not yet submitted, overdue first."""
    periods = ended_periods(plan, on)
    filed = report_index(plan, [p.code for p in periods])
    missing = []
    for ob in obligations(plan, periods, department=department):
        row = filed.get((ob.work_item.pk, ob.department.pk, ob.period.code))
        if row is not None and row["first_submitted_at"] is not None:
            continue
        missing.append(Outstanding(ob, row["state"] if row else None, ob.due_on < on,
                                   row["pk"] if row else None))
    missing.sort(key=lambda o: (not o.overdue, o.obligation.due_on,
                                o.obligation.department.pk, o.obligation.work_item.pk))
    return missing


@dataclass
class UnitProgress:
    department: Department
    status: str | None = None  # progress status of the latest accepted report
    period: str | None = None
    pending: int = 0  # submitted, awaiting the lead's review

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label) if self.status else ""


@dataclass
class ItemProgress:
    work_item: WorkItem
    units: list[UnitProgress] = field(default_factory=list)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of ProgressStatus, then the units
        with no accepted report: "not reported" and "awaiting review"."""
        counts: dict[str, int] = defaultdict(int)
        for unit in self.units:
            counts[unit.status or ""] += 1
        rows = [(s.value, str(s.label), counts[s.value]) for s in ProgressStatus
                if counts[s.value]]
        # Units without an accepted report: those whose report awaits review,
        # and those that have not submitted one (counted apart, see the legend).
        waiting = sum(1 for unit in self.units if not unit.status and unit.pending)
        if counts[""] - waiting:
            rows.append(("none", str(_("未报")), counts[""] - waiting))
        if waiting:
            rows.append(("pending", str(_("待审")), waiting))
        return rows

    @property
    def pending(self) -> int:
        return sum(unit.pending for unit in self.units)


def task_progress(plan: Plan, as_of: dt.date | None = None
                  ) -> list[tuple[Task, list[ItemProgress]]]:
    """Per task and work item, each unit's latest accepted status.

    With `as_of`, as things stood at the end of that day: a report counts as
    accepted if it was accepted by then (acceptance is final, so its status is
    the one accepted), and as awaiting review if it had been submitted by then
    and was not yet accepted. A report sent back and resubmitted in between
    counts as awaiting review: the state history is in the audit log, not here.
    """
    latest: dict[tuple[int, int], tuple[str, str]] = {}
    pending: dict[tuple[int, int], int] = defaultdict(int)
    reports = ProgressReport.objects.filter(work_item__task__plan=plan)
    if as_of is None:
        rows = (reports.exclude(state=ReportState.DRAFT)
                .values_list("work_item_id", "department_id", "period", "status", "state")
                .order_by("period"))
    else:
        end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
        rows = (reports.filter(first_submitted_at__lt=end)
                .annotate(state_then=Case(
                    When(state=ReportState.ACCEPTED, reviewed_at__lt=end,
                         then=Value(ReportState.ACCEPTED.value)),
                    default=Value(ReportState.SUBMITTED.value)))
                .values_list("work_item_id", "department_id", "period", "status", "state_then")
                .order_by("period"))
    for item_id, dept_id, period, status, state in rows:
        if state == ReportState.ACCEPTED:
            latest[(item_id, dept_id)] = (period, status)
        elif state == ReportState.SUBMITTED:
            pending[(item_id, dept_id)] += 1
    result = []
    for task in tasks_with_items(plan):
        items = []
        for item in task.items.all():
            progress = ItemProgress(item)
            for link in item.unit_links.all():
                accepted = latest.get((item.pk, link.department_id))
                progress.units.append(UnitProgress(link.department,
                                                   accepted[1] if accepted else None,
                                                   accepted[0] if accepted else None,
                                                   pending[(item.pk, link.department_id)]))
            items.append(progress)
        result.append((task, items))
    return result


def reports_of_unit(department: Department, period: str) -> dict[int, ProgressReport]:
    return {r.work_item_id: r for r in
            ProgressReport.objects.filter(department=department, period=period)}
