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

from .models import CreditGrade, DishonestyEntry, Fact, GradingModel, GradingRun, RepairRequest

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
