"""Reads that supervisors act on. Each anomaly kind is one query, so the
`check-lifecycle` command, the back office and the annual report agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from qualitycert.lib.normalize import normalize_identifier

from .models import (
    BodySchemeApproval,
    Certificate,
    CertificateStatus,
    LegalStatus,
)


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


def certificates_by_number(number: str, body_approval_number: str | None = None
                           ) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(number=normalize_identifier(number))
    if body_approval_number:
        qs = qs.filter(body__approval_number=normalize_identifier(body_approval_number))
    return qs.select_related("body", "holder", "scheme")


def surveillance_overdue(on: dt.date) -> QuerySet[Certificate]:
    """Valid management-system-style certificates whose last surveillance (or
    issue, if none yet) is more than the scheme's interval ago."""
    twelve_months_ago = months_before(on, 12)
    return Certificate.objects.filter(
        status=CertificateStatus.VALID, scheme__surveillance_months__isnull=False,
    ).filter(
        Q(last_surveillance_on__isnull=True, issued_on__lt=twelve_months_ago)
        | Q(last_surveillance_on__lt=twelve_months_ago)
    )


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
    AnomalyKind("surveillance_overdue", "有效证书超过12个月未监督审核",
                "valid certificate with surveillance overdue (> 12 months)"),
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
