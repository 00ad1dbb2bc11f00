"""Reads that supervisors act on. Each anomaly kind is one query, so the
`check-lifecycle` command, the back office and the annual report agree.

`certificates_valid_on(day)` is the one definition of "a certificate was valid
on day D" (its docstring states the rule): the annual report
(qualitycert.reports.queries) and the plan's targets (qualitycert.plan.targets,
whose raw-SQL aggregate is a fast path of the same rule) both count from it, so
the figures a regulator sees agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from qualitycert.lib.normalize import normalize_identifier

from .models import (
    BodySchemeApproval,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    LegalStatus,
    Scheme,
)
from .models.lifecycle import STATUS_CHANGING


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # Clamp to the month's last day (31 March minus one month is 28/29 Feb).
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- "Valid on a date" --------------------------------------------------------

# Surveillance audits and corrections leave the status alone; every other kind moves it.
STATUS_CHANGING_KINDS = [kind for kind in EventKind if kind in STATUS_CHANGING]


def status_on(day: dt.date) -> Subquery:
    """The `to_status` of a certificate's last status-changing event on or before
    `day` (ties by id; NULL when it has none yet); used inside `certificates_valid_on`."""
    return Subquery(
        CertificateEvent.objects.filter(
            certificate_id=OuterRef("pk"), occurred_on__lte=day, kind__in=STATUS_CHANGING_KINDS,
        ).order_by("-occurred_on", "-id").values("to_status")[:1],
        output_field=CharField(),
    )


def last_status_change_on() -> Subquery:
    """The `occurred_on` of a certificate's last status-changing event (NULL when
    it has none); for the date order of lifecycle steps (actions.steps_from and
    the certificate importer, which reads it in bulk)."""
    return Subquery(
        CertificateEvent.objects.filter(
            certificate_id=OuterRef("pk"), kind__in=STATUS_CHANGING_KINDS,
        ).order_by("-occurred_on").values("occurred_on")[:1],
        output_field=DateField(),
    )


def certificates_valid_on(day: dt.date) -> QuerySet[Certificate]:
    """Certificates valid on `day`, as one SQL statement. The rule:

    A certificate counts as valid on day D when D lies within its validity
    period (issued_on <= D <= expires_on) and its status on D was valid. Its
    status on D comes from its history: the `to_status` of the last
    status-changing CertificateEvent (STATUS_CHANGING_KINDS: every kind but
    surveillance and correct) with `occurred_on <= D`, the later id winning a
    tie; or, when none exists (a row imported without history), the state it
    was issued in: valid, if it had been issued by D.

    Reading history for every one of a million certificates would cost a
    correlated lookup per row, so the query first asks the certificate itself:
    `status_changed_on` is the date of the last transition, and when it is on
    or before D nothing changed after D, so the present status and period *are*
    those of D. Only certificates changed after D replay their events (through
    the `event_cert_date` index on (certificate, occurred_on)). The shortcut
    relies on `status_changed_on` being the date of the latest status-changing
    event, which holds while lifecycle steps are not dated before the step
    they follow.

    Approximations the registry's data forces, since it keeps only the present
    period and status of a certificate:

    - A renewal overwrites issued_on/expires_on and no previous period is kept,
      so a certificate renewed after D is judged on D by its history and its
      new expires_on (always after the renewal, so after D) alone. If its old
      period ended before D and no `expire` event was recorded on or before D
      (the daily job records one the day after the end), it counts as valid.
    - A row imported without history and changed after D has no event on or
      before D, so it counts as valid when D lies in its *present* period: the
      status the import gave it was overwritten by the later step. One imported
      as suspended and restored or withdrawn after D counts as valid on D; one
      renewed after D (issued_on now after D) does not count, though its old
      period covered D.

    qualitycert.plan.targets.certified_enterprises_by_category is the same rule
    as a raw-SQL aggregate; a property test
    (qualitycert/registry/tests/test_valid_on_agreement.py) checks that both
    agree, and agree with a plain-Python statement of this rule.
    """
    in_period = Q(issued_on__lte=day, expires_on__gte=day)
    # Without any event on or before `day` (rows imported without history), the
    # certificate was in the state it was issued in, if it had been issued yet.
    status_then = Coalesce(status_on(day), Case(
        When(in_period, then=Value(CertificateStatus.VALID.value)), default=Value("")))
    valid_then = Case(
        When(Q(status_changed_on__lte=day), then=Case(
            When(Q(status=CertificateStatus.VALID) & in_period, then=Value(1)),
            default=Value(0))),
        # Changed after `day`: its history says what it was. A renewal only moves
        # expires_on later, so one that has since expired before `day` stays out,
        # and one renewed after `day` (issued_on now later) is judged by history.
        default=Case(When(Q(expires_on__gte=day) & Q(status_then=CertificateStatus.VALID),
                          then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )
    # One CASE rather than separate WHERE terms, on purpose: a bare
    # `expires_on >= day` term tempts SQLite into the (status, expires_on) index
    # (`cert_status_expires`) and a random row read per certificate, several
    # times slower than a scan (test_valid_certificates_on.py checks SQLite's
    # query plan).
    return Certificate.objects.alias(status_then=status_then).alias(
        valid_then=valid_then).filter(valid_then=1)


def certificates_by_number(number: str, body_approval_number: str | None = None
                           ) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(number=normalize_identifier(number))
    if body_approval_number:
        qs = qs.filter(body__approval_number=normalize_identifier(body_approval_number))
    return qs.select_related("body", "holder", "scheme")


def surveillance_overdue(on: dt.date) -> QuerySet[Certificate]:
    """Valid certificates whose last surveillance (or issue, if none yet) is
    more than their scheme's interval (Scheme.surveillance_months) ago;
    schemes without an interval have no surveillance rule to miss."""
    overdue = Q(pk__in=[])
    intervals = {months for months in Scheme.objects.filter(surveillance_months__isnull=False)
                 .values_list("surveillance_months", flat=True) if months is not None}
    # One term per distinct interval (a handful): the date bound stays a
    # constant the (status, …) indexes can use, instead of date arithmetic
    # on a joined column that differs between SQLite and PostgreSQL.
    for months in sorted(intervals):
        due_before = months_before(on, months)
        overdue |= Q(scheme__surveillance_months=months) & (
            Q(last_surveillance_on__isnull=True, issued_on__lt=due_before)
            | Q(last_surveillance_on__lt=due_before))
    return Certificate.objects.filter(status=CertificateStatus.VALID).filter(overdue)


def suspended_too_long(on: dt.date, months: int = 6) -> QuerySet[Certificate]:
    return Certificate.objects.filter(status=CertificateStatus.SUSPENDED,
                                      status_changed_on__lt=months_before(on, months))


def valid_but_holder_gone() -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        status=CertificateStatus.VALID,
        holder__legal_status__in=[LegalStatus.REVOKED, LegalStatus.DEREGISTERED],
    )


def issued_outside_scheme_approval() -> QuerySet[Certificate]:
    covering = BodySchemeApproval.objects.filter(
        body_id=OuterRef("body_id"), scheme_id=OuterRef("scheme_id"),
        valid_from__lte=OuterRef("issued_on"),
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("issued_on")))
    return Certificate.objects.filter(~Exists(covering))


def issued_after_body_approval_lapsed() -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        Q(body__approval_valid_until__isnull=False, issued_on__gt=F("body__approval_valid_until"))
        | Q(body__approved_on__isnull=False, issued_on__lt=F("body__approved_on"))
    )


@dataclass(frozen=True)
class AnomalyKind:
    code: str
    title_zh: str
    title_en: str


ANOMALY_KINDS = [
    AnomalyKind("surveillance_overdue", "有效证书超过认证项目规定的监督审核间隔未监督审核",
                "valid certificate with surveillance overdue (past its scheme's interval)"),
    AnomalyKind("suspended_too_long", "暂停超过6个月未恢复或撤销",
                "suspended for more than 6 months"),
    AnomalyKind("holder_gone", "获证组织已吊销或注销但证书仍有效",
                "holder revoked or deregistered but certificate valid"),
    AnomalyKind("scheme_not_approved", "颁证时认证机构未获该认证领域批准",
                "issued under a scheme the body was not approved for on the issue date"),
    AnomalyKind("body_approval_lapsed", "颁证时认证机构批准已失效",
                "issued after the body's approval lapsed"),
]


def anomalies(on: dt.date) -> Iterator[tuple[AnomalyKind, QuerySet[Certificate]]]:
    querysets = {
        "surveillance_overdue": surveillance_overdue(on),
        "suspended_too_long": suspended_too_long(on),
        "holder_gone": valid_but_holder_gone(),
        "scheme_not_approved": issued_outside_scheme_approval(),
        "body_approval_lapsed": issued_after_body_approval_lapsed(),
    }
    for kind in ANOMALY_KINDS:
        yield kind, querysets[kind.code].select_related("body", "holder", "scheme").order_by("pk")
