"""The credit app's reads that matter: the fact stream the grader reads (one
index scan in enterprise order), the latest grades, the active dishonesty
list, an enterprise's archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from qualitycert.registry.models import Certificate, Enterprise

from .models import (
    CreditGrade,
    DishonestyEntry,
    Fact,
    GradingModel,
    GradingRun,
    RepairRequest,
    SharingConsent,
)

FETCH = 10_000
# SQLite's julianday of a date minus this is the date's proleptic ordinal
# (date.toordinal()); PostgreSQL subtracts dates to whole days.
_SQLITE_ORDINAL = "CAST(julianday({col}) - 1721424.5 AS INTEGER)"
_PG_ORDINAL = "({col} - DATE '0001-01-01' + 1)"


def _ordinal(column: str) -> str:
    template = _PG_ORDINAL if connection.vendor == "postgresql" else _SQLITE_ORDINAL
    return template.format(col=column)


def fact_stream_sql() -> str:
    """Every fact that happened by the as-of date, in enterprise order, with
    dates as ordinals: (enterprise_id, kind, occurred, ends, id). Within an
    enterprise the order is the index's; the grade does not depend on it."""
    table = connection.ops.quote_name(Fact._meta.db_table)
    return (f"SELECT enterprise_id, kind, {_ordinal('occurred_on')}, "  # noqa: S608 # nosec B608 # names only, values bound
            f"{_ordinal('ends_on')}, id FROM {table} WHERE occurred_on <= %s "
            "ORDER BY enterprise_id")


def fact_rows(as_of: dt.date) -> Iterator[tuple[Any, ...]]:
    """The stream, read in chunks (a server-side cursor on PostgreSQL, so a
    province's facts never sit in memory at once)."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(fact_stream_sql(), [as_of])
        while rows := cursor.fetchmany(FETCH):
            yield from rows


def latest_run() -> GradingRun | None:
    return (GradingRun.objects.select_related("model").filter(finished_at__isnull=False)
            .order_by("-as_of", "-id").first())


def current_model() -> GradingModel | None:
    return GradingModel.objects.published().order_by("-version").first()


def latest_grades() -> dict[int, str]:
    """enterprise id -> grade of the latest finished run."""
    run = latest_run()
    if run is None:
        return {}
    return dict(CreditGrade.objects.filter(run=run).values_list("enterprise_id", "grade"))


def grade_history(enterprise: Enterprise) -> QuerySet[CreditGrade]:
    return (CreditGrade.objects.filter(enterprise=enterprise, run__finished_at__isnull=False)
            .select_related("run").order_by("-as_of", "-run_id"))


def active_dishonesty(day: dt.date) -> QuerySet[DishonestyEntry]:
    """Entries listed on `day`: started, not yet ended, not repaired by then."""
    return (DishonestyEntry.objects.filter(starts_on__lte=day, ends_on__gt=day)
            .filter(Q(repaired_on__isnull=True) | Q(repaired_on__gt=day))
            .select_related("enterprise").order_by("-starts_on", "-id"))


def active_dishonesty_for(enterprise_id: int, day: dt.date) -> QuerySet[DishonestyEntry]:
    return active_dishonesty(day).filter(enterprise_id=enterprise_id)


def dishonest_enterprise_ids(day: dt.date) -> set[int]:
    return set(active_dishonesty(day).values_list("enterprise_id", flat=True))


def open_repairs() -> QuerySet[RepairRequest]:
    return (RepairRequest.objects.filter(status="submitted")
            .select_related("entry", "enterprise").order_by("submitted_at", "id"))


@dataclass
class FactGroup:
    kind: str
    label: str
    facts: list[Fact]


def archive_facts(qs: QuerySet[Fact]) -> list[FactGroup]:
    """An enterprise's facts grouped by kind, newest first within a group."""
    groups: dict[str, FactGroup] = {}
    for fact in qs.order_by("kind", "-occurred_on", "-id"):
        groups.setdefault(fact.kind, FactGroup(fact.kind, fact.get_kind_display(), []))
        groups[fact.kind].facts.append(fact)
    return list(groups.values())


def certificates_of(enterprise: Enterprise) -> QuerySet[Certificate]:
    return (Certificate.objects.filter(holder=enterprise).select_related("body", "scheme")
            .order_by("-issued_on", "id"))


# The draw's risk class from a grade (docs/draw-record.md §7): the SAMR
# classes A–D are the grades themselves; an enterprise listed as dishonest on
# the day is class D whatever its last grade; one without a grade gets the
# library's default class.
RISK_CLASS_OF_GRADE = {"A": "A", "B": "B", "C": "C", "D": "D"}
DISHONEST_CLASS = "D"


@dataclass(frozen=True)
class RiskBasis:
    run_id: int
    model_version: int
    as_of: dt.date

    def as_json(self) -> dict[str, Any]:
        return {"grading_run": self.run_id, "model_version": self.model_version,
                "as_of": self.as_of.isoformat()}


def risk_basis(on: dt.date, *, finished_by: dt.datetime | None = None) -> RiskBasis | None:
    """The grading run the risk classes of day `on` come from: the latest
    finished run dated by then (and finished by `finished_by`, when given)."""
    runs = GradingRun.objects.filter(finished_at__isnull=False, as_of__lte=on)
    if finished_by is not None:
        runs = runs.filter(finished_at__lte=finished_by)
    run = runs.select_related("model").order_by("-as_of", "-id").first()
    return None if run is None else RiskBasis(run.pk, run.model.version, run.as_of)


def risk_classes(on: dt.date) -> tuple[RiskBasis, dict[int, tuple[str, str]]] | None:
    """Risk class and reason per graded or dishonest enterprise, from the
    latest published grades as of `on`; None before any grading run."""
    basis = risk_basis(on)
    if basis is None:
        return None
    where = f"（模型 v{basis.model_version}，基准日 {basis.as_of}）"
    classes = {
        enterprise_id: (RISK_CLASS_OF_GRADE[grade], f"信用等级 {grade}{where}")
        for enterprise_id, grade in CreditGrade.objects.filter(run_id=basis.run_id)
        .values_list("enterprise_id", "grade").iterator(chunk_size=5000)}
    for enterprise_id in dishonest_enterprise_ids(on):
        classes[enterprise_id] = (DISHONEST_CLASS, "列入失信名单")
    return basis, classes


def active_consent(enterprise_id: int) -> SharingConsent | None:
    return SharingConsent.objects.filter(enterprise_id=enterprise_id,
                                         revoked_at__isnull=True).first()


def financing_list(day: dt.date) -> list[dict[str, Any]]:
    """Certified enterprises (a valid certificate on `day`) that consent to
    share, whose latest grade meets the threshold they consented to: what a
    bank or insurer with access may read. Never the grade itself."""
    run = latest_run()
    if run is None:
        return []
    consents = dict(SharingConsent.objects.filter(revoked_at__isnull=True)
                    .values_list("enterprise_id", "min_grade"))
    grades = dict(CreditGrade.objects.filter(run=run, enterprise_id__in=list(consents))
                  .values_list("enterprise_id", "grade"))
    order = "ABCD"
    meeting = [e for e, g in grades.items() if order.index(g) <= order.index(consents[e])]
    dishonest = dishonest_enterprise_ids(day)
    categories: dict[int, set[str]] = {}
    for holder, category in (Certificate.objects.filter(
            holder_id__in=meeting, status="valid", issued_on__lte=day, expires_on__gte=day)
            .values_list("holder_id", "scheme__category")):
        categories.setdefault(holder, set()).add(category)
    rows = []
    for e in Enterprise.objects.filter(pk__in=list(categories)).order_by("uscc"):
        if e.pk in dishonest:
            continue
        rows.append({"uscc": e.uscc, "name": e.name, "grade_at_least": consents[e.pk],
                     "as_of": run.as_of, "model_version": run.model.version,
                     "certified_categories": sorted(categories[e.pk])})
    return rows
