"""The plan's targets against live figures.

`compute_targets(as_of)` answers every target of a plan with its value on
`as_of`. Each target row names its indicator (data, in plan/data/*.json):

- ``certified_enterprises`` — distinct enterprises holding at least one
  certificate of a scheme category that was valid on `as_of`. "Valid on a date"
  is the registry's one rule, qualitycert.registry.queries.certificates_valid_on
  (its docstring states it, with the `status_changed_on` shortcut and the
  approximations the registry's data forces); the annual report counts from
  the same rule. All categories come from one grouped raw-SQL statement,
  `certified_enterprises_by_category`, a fast path of that rule that a
  property test checks against it.
- ``tech_leader_brand_share`` — the share of enterprises flagged as technology
  leaders that own a trademark brand. The registry keeps these flags without
  history, so the value is today's for any `as_of`.
- ``sampling_pass_rate`` — passed / all tested supervision samples of the
  calendar year of `as_of`, up to `as_of`, optionally of equipment
  manufacturers only (qualitycert.catalog.queries.sampling_tally, the same
  count the annual report prints).
- ``manual`` — the latest ManualFigure with `as_of` on or before the date.
- ``records`` — a measure named by `params["measure"]`, counted from records
  an app above the plan keeps (the programmes app registers ``gi_products``,
  the geographical indications, at start-up: `register_measure`). An unknown
  measure has no value ("无数据"), never a guess.

No loop runs over certificates in Python: a call costs one query per indicator
kind plus one per manual target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from qualitycert.catalog.queries import sampling_tally
from qualitycert.registry.models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    Enterprise,
    Scheme,
    SchemeCategory,
)
from qualitycert.registry.queries import STATUS_CHANGING_KINDS

from .models import Comparison, Indicator, ManualFigure, Plan, Target


@dataclass(frozen=True)
class TargetValue:
    code: str
    name: str
    goal: Decimal
    comparison: str  # "gt" or "gte"
    value: Decimal | None  # None: nothing to measure yet (no tech leaders, no samples …)
    unit: str
    as_of: dt.date
    met: bool
    source: str
    indicator: str

    @property
    def comparison_symbol(self) -> str:
        return Comparison(self.comparison).symbol


def certified_enterprises_by_category(day: dt.date) -> dict[str, int]:
    """Distinct holders of a certificate valid on `day`, per scheme category
    (categories with none are absent).

    The rule is qualitycert.registry.queries.certificates_valid_on, the one
    definition the annual report also counts from; this is the same rule as one
    aggregate statement, for speed. Change one, change the other:
    qualitycert/registry/tests/test_valid_on_agreement.py checks that they
    agree on random histories. Written out here, the rule keeps
    `expires_on >= day` as a first term (a renewal after `day` ends after it,
    so no certificate valid on `day` fails it) and, inside the CASE, `issued_on <= day` for certificates unchanged since
    `day` and the last status-changing event on or before `day` (or, with none,
    "valid if issued by then") for the others.

    Raw SQL, one statement per engine, because the fastest shape differs
    (bench/bench_plan_targets.py measured both on each): SQLite does best with
    one sequential scan (NOT INDEXED — walking an index's random rowid lookups
    was four to six times slower) and a correlated event lookup that a CASE
    confines to certificates changed after `day`; PostgreSQL does best with the
    unchanged certificates by the status index and the changed ones joined to
    their last event through a window function, about twice as fast as the
    correlated form there.
    """
    valid = CertificateStatus.VALID.value
    tables = {"certificate": Certificate._meta.db_table, "event": CertificateEvent._meta.db_table,
              "scheme": Scheme._meta.db_table,
              "kinds": ", ".join(["%s"] * len(STATUS_CHANGING_KINDS))}
    kinds = [str(k) for k in STATUS_CHANGING_KINDS]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # An analytic query: JIT compilation costs more than it saves here,
            # and the sorts should not spill to disk.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(_CERTIFIED_POSTGRESQL.format(**tables),
                           [day, day, *kinds, day, valid, day, day, day, day, valid, valid])
        else:
            cursor.execute(_CERTIFIED_SQLITE.format(**tables),
                           [day, day, valid, day, *kinds, day, day, valid, valid])
        return {category: count for category, count in cursor.fetchall()}


_CERTIFIED_SQLITE = """
    SELECT s.category, COUNT(DISTINCT c.holder_id)
    FROM {certificate} c NOT INDEXED CROSS JOIN {scheme} s ON s.id = c.scheme_id
    WHERE c.expires_on >= %s AND CASE
        WHEN c.status_changed_on <= %s THEN c.status = %s AND c.issued_on <= %s
        ELSE COALESCE(
            (SELECT e.to_status FROM {event} e
             WHERE e.certificate_id = c.id AND e.kind IN ({kinds}) AND e.occurred_on <= %s
             ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1),
            CASE WHEN c.issued_on <= %s THEN %s ELSE '' END) = %s
    END
    GROUP BY s.category"""

_CERTIFIED_POSTGRESQL = """
    WITH changed AS (
        SELECT c.id, c.holder_id, c.scheme_id, c.issued_on FROM {certificate} c
        WHERE c.status_changed_on > %s AND c.expires_on >= %s),
    last AS (
        SELECT e.certificate_id, e.to_status, ROW_NUMBER() OVER (
            PARTITION BY e.certificate_id ORDER BY e.occurred_on DESC, e.id DESC) AS rn
        FROM {event} e JOIN changed ch ON ch.id = e.certificate_id
        WHERE e.kind IN ({kinds}) AND e.occurred_on <= %s),
    held AS (
        SELECT c.holder_id, c.scheme_id FROM {certificate} c
        WHERE c.status = %s AND c.status_changed_on <= %s AND c.issued_on <= %s
          AND c.expires_on >= %s
        UNION ALL
        SELECT ch.holder_id, ch.scheme_id
        FROM changed ch LEFT JOIN last l ON l.certificate_id = ch.id AND l.rn = 1
        WHERE COALESCE(l.to_status, CASE WHEN ch.issued_on <= %s THEN %s ELSE '' END) = %s)
    SELECT s.category, COUNT(DISTINCT h.holder_id)
    FROM held h JOIN {scheme} s ON s.id = h.scheme_id
    GROUP BY s.category"""


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Measured:
    value: Decimal | None
    source: str


class _Context:
    """Per-call cache, so several targets of one indicator share one query."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self._certified: dict[str, int] | None = None

    def certified(self) -> dict[str, int]:
        if self._certified is None:
            self._certified = certified_enterprises_by_category(self.as_of)
        return self._certified


def _certified_enterprises(target: Target, ctx: _Context) -> Measured:
    category = target.params.get("category", "")
    label = str(SchemeCategory(category).label) if category in SchemeCategory.values else category
    return Measured(Decimal(ctx.certified().get(category, 0)),
                    _("认证登记：%(day)s持有有效%(category)s证书的企业")
                    % {"day": ctx.as_of, "category": label})


def _tech_leader_brand_share(target: Target, ctx: _Context) -> Measured:
    counts = Enterprise.objects.filter(is_tech_leader=True).aggregate(
        leaders=Count("pk"), branded=Count("pk", filter=Q(has_own_brand=True)))
    return Measured(_percent(counts["branded"], counts["leaders"]),
                    _("企业登记：科技领军企业%(leaders)s家，拥有自主商标品牌%(branded)s家（当前标记）")
                    % {"leaders": counts["leaders"], "branded": counts["branded"]})


def _sampling_pass_rate(target: Target, ctx: _Context) -> Measured:
    tally = sampling_tally(dt.date(ctx.as_of.year, 1, 1), ctx.as_of,
                           equipment_only=bool(target.params.get("equipment_manufacturers")))
    return Measured(_percent(tally.passed, tally.total),
                    _("监督抽查：%(year)s年截至%(day)s共%(total)s批次，合格%(passed)s批次")
                    % {"year": ctx.as_of.year, "day": ctx.as_of, "total": tally.total,
                       "passed": tally.passed})


def _manual(target: Target, ctx: _Context) -> Measured:
    figure = (ManualFigure.objects.filter(target=target, as_of__lte=ctx.as_of)
              .order_by("-as_of", "-id").first())
    if figure is None:
        return Measured(None, _("尚未填报"))
    return Measured(figure.value, _("%(source)s（截至%(day)s）")
                    % {"source": figure.source, "day": figure.as_of})


# Named measures of the apps above the plan, each a function of the day.
RECORD_MEASURES: dict[str, Callable[[dt.date], Measured]] = {}


def register_measure(name: str, measure: Callable[[dt.date], Measured]) -> None:
    """Let an app above the plan answer targets of indicator ``records`` whose
    `params["measure"]` is `name` (called from its AppConfig.ready)."""
    RECORD_MEASURES[name] = measure


def _records(target: Target, ctx: _Context) -> Measured:
    measure = RECORD_MEASURES.get(str(target.params.get("measure", "")))
    if measure is None:
        return Measured(None, _("无数据：未知口径 %(measure)r")
                        % {"measure": target.params.get("measure", "")})
    return measure(ctx.as_of)


MEASURES: dict[str, Callable[[Target, _Context], Measured]] = {
    Indicator.CERTIFIED_ENTERPRISES: _certified_enterprises,
    Indicator.TECH_LEADER_BRAND_SHARE: _tech_leader_brand_share,
    Indicator.SAMPLING_PASS_RATE: _sampling_pass_rate,
    Indicator.MANUAL: _manual,
    Indicator.RECORDS: _records,
}


def default_plan() -> Plan | None:
    return Plan.objects.order_by("-published_on", "code").first()


def compute_targets(as_of: dt.date, plan: Plan | None = None) -> list[TargetValue]:
    """Every target of `plan` (default: the most recently published plan) on `as_of`."""
    plan = plan or default_plan()
    if plan is None:
        return []
    ctx = _Context(as_of)
    values = []
    for target in plan.targets.order_by("position"):
        measured = MEASURES[target.indicator](target, ctx)
        values.append(TargetValue(
            code=target.code, name=target.name, goal=target.goal,
            comparison=target.comparison, value=measured.value, unit=target.unit, as_of=as_of,
            met=target.is_met(measured.value), source=measured.source,
            indicator=target.indicator))
    return values


def quarter_ends(as_of: dt.date, count: int) -> list[dt.date]:
    """The last `count` quarter ends before `as_of`, oldest first, then `as_of`."""
    ends: list[dt.date] = []
    year, quarter = as_of.year, (as_of.month - 1) // 3  # the quarter before as_of's
    while len(ends) < count:
        if quarter == 0:
            year, quarter = year - 1, 4
        month = quarter * 3
        ends.append(dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        quarter -= 1
    return [*reversed(ends), as_of]


def target_trend(as_of: dt.date, quarters: int = 8,
                 plan: Plan | None = None) -> dict[str, list[TargetValue]]:
    """Each target's value at the last `quarters` quarter ends and on `as_of`."""
    trend: dict[str, list[TargetValue]] = {}
    for day in quarter_ends(as_of, quarters):
        for value in compute_targets(day, plan):
            trend.setdefault(value.code, []).append(value)
    return trend
