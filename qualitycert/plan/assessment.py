"""The yearly assessment (绩效考核) of each responsible unit's reporting.

For year Y, scored on date D (default: today), a unit owes one report per
work item it is responsible for and per period of Y whose deadline is on or
before D. Three ratios, each shown beside the score:

- completeness 报送完整率 = reports submitted (at any time up to D) / reports due;
- timeliness 按时报送率 = reports first submitted on or before their deadline / reports due;
- review 一次通过率 = reports accepted without any request for revision / reports
  submitted (a report still awaiting review counts as not yet accepted).

Score = 100 × (w_t·timeliness + w_c·completeness + w_r·review) / (w_t + w_c + w_r),
with the weights of the latest AssessmentRule version in force for Y.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import AssessmentRule, Department, Plan, ReportState
from .periods import periods_between
from .queries import obligations, report_index


@dataclass(frozen=True)
class UnitScore:
    department: Department
    due: int
    filed: int
    on_time: int
    accepted_first_time: int
    completeness: Decimal | None
    timeliness: Decimal | None
    review: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class Assessment:
    plan: Plan
    year: int
    as_of: dt.date
    rule: AssessmentRule | None
    units: list[UnitScore]


RULE_TEXT = gettext_lazy(
    "应报数：截止日期已到的报送期 × 本单位负责的重点工作；报送完整率 = 已报送 / 应报；"
    "按时报送率 = 截止日期前首次报送 / 应报；一次通过率 = 未经退回即通过 / 已报送。")


def rule_for(plan: Plan, year: int) -> AssessmentRule | None:
    return (AssessmentRule.objects.filter(plan=plan, effective_year__lte=year)
            .order_by("-effective_year", "-version").first())


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def assess(plan: Plan, year: int, *, as_of: dt.date | None = None) -> Assessment:
    as_of = as_of or timezone.localdate()
    rule = rule_for(plan, year)
    start = max(plan.reporting_starts_on, dt.date(year, 1, 1))
    periods = list(periods_between(start, dt.date(year, 12, 31), plan.report_frequency))
    due = [ob for ob in obligations(plan, periods) if ob.due_on <= as_of]
    filed = report_index(plan, [p.code for p in periods])
    tz = timezone.get_current_timezone()
    tallies: dict[int, list[int]] = {}
    departments: dict[int, Department] = {}
    for ob in due:
        dept = ob.department
        departments[dept.pk] = dept
        tally = tallies.setdefault(dept.pk, [0, 0, 0, 0])
        tally[0] += 1
        row = filed.get((ob.work_item.pk, dept.pk, ob.period.code))
        submitted_at = row["first_submitted_at"] if row else None
        if row is None or submitted_at is None or submitted_at.astimezone(tz).date() > as_of:
            continue
        tally[1] += 1
        if submitted_at.astimezone(tz).date() <= ob.due_on:
            tally[2] += 1
        if row["state"] == ReportState.ACCEPTED and row["revision_count"] == 0:
            tally[3] += 1
    units = []
    for dept_id, (n_due, n_filed, n_on_time, n_first) in tallies.items():
        completeness, timeliness = _ratio(n_filed, n_due), _ratio(n_on_time, n_due)
        review = _ratio(n_first, n_filed) or Decimal(0)
        score = None
        if rule is not None and completeness is not None and timeliness is not None:
            weighted = (rule.weight_timeliness * timeliness
                        + rule.weight_completeness * completeness
                        + rule.weight_review * review)
            score = (Decimal(100) * weighted / rule.total_weight).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP)
        units.append(UnitScore(departments[dept_id], n_due, n_filed, n_on_time, n_first,
                               completeness, timeliness, review, score))
    units.sort(key=lambda u: (-(u.score or 0), u.department.pk))
    return Assessment(plan, year, as_of, rule, units)


# The export's columns, in the language of the page it is downloaded from.
EXPORT_HEADER = [
    pgettext_lazy("assessment export", "责任单位"), pgettext_lazy("assessment export", "应报"),
    pgettext_lazy("assessment export", "已报送"), pgettext_lazy("assessment export", "按时"),
    pgettext_lazy("assessment export", "一次通过"),
    pgettext_lazy("assessment export", "报送完整率"),
    pgettext_lazy("assessment export", "按时报送率"),
    pgettext_lazy("assessment export", "一次通过率"), pgettext_lazy("assessment export", "得分"),
    pgettext_lazy("assessment export", "权重（按时/完整/一次通过）"),
    pgettext_lazy("assessment export", "规则版本"),
]


def export_header() -> list[str]:
    return [str(label) for label in EXPORT_HEADER]


def export_rows(assessment: Assessment) -> list[list[object]]:
    rule = assessment.rule
    weights = (f"{rule.weight_timeliness}/{rule.weight_completeness}/{rule.weight_review}"
               if rule else "")
    version = f"{rule.effective_year} v{rule.version}" if rule else ""
    return [[u.department.name, u.due, u.filed, u.on_time, u.accepted_first_time,
             u.completeness, u.timeliness, u.review, u.score, weights, version]
            for u in assessment.units]
