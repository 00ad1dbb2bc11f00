"""Every figure of the annual report is one named query here, so a number in the
PDF can be traced to a function and its parameters (the XLSX lists both; the
printed report names the records in words, "认证证书登记库（截至2025-12-31）").

"As of a date" is always a parameter, never "now": the same data and the same
date give the same figures, whatever day the report is run.

The central definition, "a certificate was valid on day D", is not here: it is
qualitycert.registry.queries.certificates_valid_on(day), shared with the plan's
targets (qualitycert.plan.targets) so the report's certificates and enterprises
by category and the plan's certified-enterprise targets agree. Its docstring
states the rule, the `status_changed_on` shortcut and the approximations the
registry's data forces.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from qualitycert.inspections.queries import annual_summary
from qualitycert.plan.queries import current_plan
from qualitycert.plan.queries import task_progress as plan_task_progress
from qualitycert.plan.targets import compute_targets
from qualitycert.registry.models import (
    BodyStatus,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CertificationBody,
    Enterprise,
    EventKind,
    Lab,
    LabStatus,
    LegalStatus,
    Scheme,
)
from qualitycert.registry.queries import (
    ANOMALY_KINDS,
    STATUS_CHANGING_KINDS,
    AnomalyKind,
    certificates_valid_on,
    issued_after_body_approval_lapsed,
    issued_outside_scheme_approval,
    months_before,
    status_on,
)

from .industry import UNCLASSIFIED, section_of


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


@dataclass(frozen=True)
class GroupCount:
    key: str
    certificates: int
    enterprises: int


@dataclass(frozen=True)
class CertificateBreakdown:
    """Valid certificates on `as_of` and the distinct enterprises holding them,
    in total and grouped by each dimension."""

    as_of: dt.date
    total: GroupCount
    by: dict[str, list[GroupCount]]


DIMENSIONS = ("category", "scheme", "industry", "body")


def certificate_breakdown(as_of: dt.date) -> CertificateBreakdown:
    """Groups by scheme category, scheme code, GB/T 4754 section of the holder's
    industry code and body approval number, from one pass over the certificates
    valid on `as_of`.

    Why one pass in Python rather than a GROUP BY per dimension: counting
    *distinct* enterprises per group needs a sort per dimension, and joining the
    holder's industry code costs a random read per certificate on SQLite. Here the
    valid certificates come sorted by holder, so each holder's rows are adjacent
    and counted once per group, and the industry codes are merged in from a scan
    of the enterprises in key order. Memory stays proportional to the number of
    groups, not of certificates."""
    schemes = dict(Scheme.objects.values_list("pk", "code"))
    categories = dict(Scheme.objects.values_list("pk", "category"))
    bodies = dict(CertificationBody.objects.values_list("pk", "approval_number"))
    # `holder_id + 0`: ordering by the bare column makes SQLite walk the holder
    # index and read each row at random (6x slower at 1 M rows than scan + sort).
    valid = (certificates_valid_on(as_of).order_by(F("holder_id") + 0)
             .values_list("holder_id", "scheme_id", "body_id"))
    cert_tally: dict[tuple[int, int, str], int] = defaultdict(int)
    ent_scheme: dict[int, int] = defaultdict(int)
    ent_body: dict[int, int] = defaultdict(int)
    ent_category: dict[str, int] = defaultdict(int)
    ent_section: dict[str, int] = defaultdict(int)
    sections = _SectionsInKeyOrder()
    held: list[tuple[int, int]] = []
    holder, section = None, UNCLASSIFIED
    # The hot loop of the whole report (once per valid certificate): plain dict
    # arithmetic, no calls, and the holder's groups counted when it is complete.
    for holder_id, scheme_id, body_id in _stream(valid):
        if holder_id != holder:
            if held:
                _count_enterprise(held, section, categories, ent_scheme, ent_body,
                                  ent_category, ent_section)
                held = []
            holder, section = holder_id, sections.section_for(holder_id)
        cert_tally[(scheme_id, body_id, section)] += 1
        held.append((scheme_id, body_id))
    if held:
        _count_enterprise(held, section, categories, ent_scheme, ent_body, ent_category,
                          ent_section)
    sections.close()

    certs: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    for (scheme_id, body_id, sect), n in cert_tally.items():
        certs["category"][categories[scheme_id]] += n
        certs["scheme"][schemes[scheme_id]] += n
        certs["body"][bodies[body_id]] += n
        certs["industry"][sect] += n
    ents: dict[str, dict[str, int]] = {
        "category": ent_category, "industry": ent_section,
        "scheme": {schemes[k]: n for k, n in ent_scheme.items()},
        "body": {bodies[k]: n for k, n in ent_body.items()},
    }
    by = {dim: sorted((GroupCount(k, n, ents[dim][k]) for k, n in certs[dim].items()),
                      key=_group_order) for dim in DIMENSIONS}
    total = GroupCount("total", sum(cert_tally.values()), sum(ent_section.values()))
    return CertificateBreakdown(as_of, total, by)


def _count_enterprise(held: list[tuple[int, int]], section: str, categories: dict[int, str],
                      ent_scheme: dict[int, int], ent_body: dict[int, int],
                      ent_category: dict[str, int], ent_section: dict[str, int]) -> None:
    ent_section[section] += 1
    if len(held) == 1:  # most holders have one certificate
        scheme_id, body_id = held[0]
        ent_scheme[scheme_id] += 1
        ent_body[body_id] += 1
        ent_category[categories[scheme_id]] += 1
        return
    scheme_ids = {s for s, _ in held}
    for scheme_id in scheme_ids:
        ent_scheme[scheme_id] += 1
    for body_id in {b for _, b in held}:
        ent_body[body_id] += 1
    for category in {categories[s] for s in scheme_ids}:
        ent_category[category] += 1


def _stream(qs: QuerySet[Any], chunk: int = 10_000) -> Iterator[tuple[Any, ...]]:
    """Rows of a values_list queryset through a server-side cursor on PostgreSQL
    (flat memory), without building Django row objects."""
    sql, params = qs.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield from rows


def _group_order(group: GroupCount) -> tuple[bool, str]:
    return (group.key == UNCLASSIFIED, group.key)


class _SectionsInKeyOrder:
    """GB/T 4754 sections looked up by ascending enterprise id, from one ordered scan."""

    def __init__(self) -> None:
        self._rows = _stream(Enterprise.objects.order_by("pk").values_list("pk", "industry_code"))
        self._current: tuple[int, str] | None = next(self._rows, None)

    def section_for(self, pk: int) -> str:
        while self._current is not None and self._current[0] < pk:
            self._current = next(self._rows, None)
        if self._current is not None and self._current[0] == pk:
            return section_of(self._current[1])
        return UNCLASSIFIED

    def close(self) -> None:
        # Closes the server-side cursor on PostgreSQL rather than reading on.
        self._rows.close()  # type: ignore[attr-defined]


def _effective_status(field_status: str, lapsed: Q, active: str, expired: str) -> Case:
    return Case(When(Q(**{field_status: active}) & lapsed, then=Value(expired)),
                default=F(field_status), output_field=CharField())


def bodies_by_status(as_of: dt.date) -> dict[str, int]:
    """Certification bodies approved on or before `as_of`, by status. The registry
    keeps a body's present status only; an approval whose validity ended before
    `as_of` counts as expired."""
    lapsed = Q(approval_valid_until__lt=as_of)
    rows = (CertificationBody.objects
            .filter(Q(approved_on__isnull=True) | Q(approved_on__lte=as_of)).order_by()
            .values(state=_effective_status("status", lapsed, BodyStatus.APPROVED,
                                            BodyStatus.EXPIRED))
            .annotate(n=Count("pk")).values_list("state", "n"))
    counts = dict.fromkeys(BodyStatus.values, 0)
    counts.update(dict(rows))
    return counts


def labs_by_status(as_of: dt.date) -> dict[str, int]:
    """Inspection and testing labs (CMA) certified on or before `as_of`, by status;
    a certificate whose validity ended before `as_of` counts as expired."""
    lapsed = Q(valid_until__lt=as_of)
    rows = (Lab.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=as_of)).order_by()
            .values(state=_effective_status("status", lapsed, LabStatus.VALID, LabStatus.EXPIRED))
            .annotate(n=Count("pk")).values_list("state", "n"))
    counts = dict.fromkeys(LabStatus.values, 0)
    counts.update(dict(rows))
    return counts


FRESHNESS_BUCKETS = ["within_30_days", "31_to_90_days", "91_to_365_days", "over_365_days",
                     "never", "after_as_of"]


def body_data_freshness(as_of: dt.date) -> dict[str, int]:
    """Approved bodies by the age, on `as_of`, of the data they last reported."""
    counts = dict.fromkeys(FRESHNESS_BUCKETS, 0)
    approved = (CertificationBody.objects
                .filter(status=BodyStatus.APPROVED)
                .filter(Q(approved_on__isnull=True) | Q(approved_on__lte=as_of))
                .filter(Q(approval_valid_until__isnull=True) | Q(approval_valid_until__gte=as_of)))
    for reported in approved.values_list("last_reported_on", flat=True).iterator():
        counts[_freshness_bucket(reported, as_of)] += 1
    return counts


def _freshness_bucket(reported: dt.date | None, as_of: dt.date) -> str:
    if reported is None:
        return "never"
    age = (as_of - reported).days
    if age < 0:
        return "after_as_of"
    if age <= 30:
        return "within_30_days"
    if age <= 90:
        return "31_to_90_days"
    return "91_to_365_days" if age <= 365 else "over_365_days"


def anomalies_as_of(as_of: dt.date) -> list[tuple[AnomalyKind, QuerySet[Certificate]]]:
    """The registry's lifecycle anomalies (qualitycert.registry.queries.ANOMALY_KINDS)
    as they stood on `as_of`, not today: a certificate issued, suspended or
    surveyed after `as_of` does not change a past year's report.

    - surveillance overdue: valid on `as_of` (the registry's one rule) and its
      last surveillance on or before `as_of` (or its issue, if none) is older
      than its scheme's interval;
    - suspended too long: suspended on `as_of` (its history), since a date more
      than six months before;
    - holder gone: valid on `as_of` and the holder revoked or deregistered (the
      registry keeps the holder's present legal status only);
    - issued outside the scheme approval / after the body's approval lapsed:
      issued on or before `as_of`.
    """
    valid = certificates_valid_on(as_of)
    surveyed_then = Case(
        When(last_surveillance_on__lte=as_of, then=F("last_surveillance_on")),
        default=Subquery(CertificateEvent.objects.filter(
            certificate_id=OuterRef("pk"), kind=EventKind.SURVEILLANCE, occurred_on__lte=as_of,
        ).order_by("-occurred_on").values("occurred_on")[:1], output_field=DateField()),
        output_field=DateField())
    overdue = Q(pk__in=[])
    intervals = set(Scheme.objects.filter(surveillance_months__isnull=False)
                    .values_list("surveillance_months", flat=True))
    for months in sorted(m for m in intervals if m is not None):
        due_before = months_before(as_of, months)
        overdue |= Q(scheme__surveillance_months=months) & (
            Q(surveyed_then__isnull=True, issued_on__lt=due_before)
            | Q(surveyed_then__lt=due_before))
    cutoff = months_before(as_of, 6)
    changed_then = Subquery(CertificateEvent.objects.filter(
        certificate_id=OuterRef("pk"), kind__in=STATUS_CHANGING_KINDS, occurred_on__lte=as_of,
    ).order_by("-occurred_on", "-id").values("occurred_on")[:1], output_field=DateField())
    suspended = (Certificate.objects.alias(status_then=status_on(as_of), changed_then=changed_then)
                 .filter(Q(status_changed_on__lte=as_of, status=CertificateStatus.SUSPENDED,
                           status_changed_on__lt=cutoff)
                         | Q(status_changed_on__gt=as_of,
                             status_then=CertificateStatus.SUSPENDED, changed_then__lt=cutoff)))
    gone = [LegalStatus.REVOKED, LegalStatus.DEREGISTERED]
    querysets: dict[str, QuerySet[Certificate]] = {
        "surveillance_overdue": valid.alias(surveyed_then=surveyed_then).filter(overdue),
        "suspended_too_long": suspended,
        "holder_gone": valid.filter(holder__legal_status__in=gone),
        "scheme_not_approved": issued_outside_scheme_approval().filter(issued_on__lte=as_of),
        "body_approval_lapsed": issued_after_body_approval_lapsed().filter(issued_on__lte=as_of),
    }
    return [(kind, querysets[kind.code]) for kind in ANOMALY_KINDS]


def anomaly_counts(as_of: dt.date) -> dict[str, int]:
    """Counts per kind of `anomalies_as_of(as_of)`."""
    return {kind.code: qs.order_by().count() for kind, qs in anomalies_as_of(as_of)}


@dataclass(frozen=True)
class AnomalousCertificate:
    kind: str
    number: str
    holder: str
    body: str
    issued_on: dt.date


def anomaly_examples(as_of: dt.date, per_kind: int = 20) -> list[AnomalousCertificate]:
    """The first `per_kind` certificates (by number) of each kind on `as_of`,
    each with the issue date of the period it was in on `as_of`: a certificate
    renewed after `as_of` now carries the renewal's date in `issued_on`, so the
    date comes from its last issue or renewal event on or before `as_of`
    (rows imported without history keep `issued_on`)."""
    issued_then = Coalesce(Subquery(CertificateEvent.objects.filter(
        certificate_id=OuterRef("pk"), kind__in=[EventKind.ISSUE, EventKind.RENEW],
        occurred_on__lte=as_of,
    ).order_by("-occurred_on", "-id").values("occurred_on")[:1], output_field=DateField()),
        F("issued_on"))
    rows = []
    for kind, qs in anomalies_as_of(as_of):
        for number, holder, body, issued in (qs.annotate(issued_then=issued_then)
                                             .order_by("number", "pk").values_list(
                "number", "holder__name", "body__name", "issued_then")[:per_kind]):
            rows.append(AnomalousCertificate(kind.code, number, holder, body, issued))
    return rows


# --- Figures owned by other apps -----------------------------------------------

@dataclass(frozen=True)
class Unavailable:
    """A figure that cannot be given (no plan loaded, say); the report says so
    instead of inventing a number."""

    provider: str
    reason: str


def inspection_summary(year: int) -> Any:
    """The year's inspections as they stood on the year's end."""
    return annual_summary(year, as_of=year_end(year))


def target_progress(as_of: dt.date) -> Any:
    return list(compute_targets(as_of))


@dataclass(frozen=True)
class TaskRow:
    label: str
    content: str
    lead: str
    statuses: str
    pending: int


@dataclass(frozen=True)
class TaskProgress:
    plan: str
    items: list[TaskRow]
    provider: str
    params: dict[str, str]
    note: str


def task_progress(as_of: dt.date) -> TaskProgress | Unavailable:
    """Per work item of the current plan, each unit's status as of the date."""
    name = "qualitycert.plan.queries.task_progress"
    plan = current_plan()
    if plan is None:
        return Unavailable(name, "no plan loaded")
    items = [TaskRow(item.work_item.label, item.work_item.content, item.work_item.lead.name,
                     "；".join(f"{label} {n}" for _, label, n in item.status_counts),
                     item.pending)
             for _task, task_items in plan_task_progress(plan, as_of=as_of)
             for item in task_items]
    return TaskProgress(str(plan), items, name,
                        {"plan": plan.code, "as_of": as_of.isoformat()}, "")
