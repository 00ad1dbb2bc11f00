"""Writes to the target and inspector libraries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.catalog.queries import self_declarer_ids
from qualitycert.credit import queries as credit_queries
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
)
from qualitycert.registry.queries import months_before, surveillance_overdue

from ..models import (
    ConflictOfInterest,
    InspectionResult,
    Inspector,
    PlanError,
    ResultCategory,
    ResultStatus,
    RiskClass,
    RiskSource,
    Target,
    TargetKind,
)

# "A long clean record": certified for at least this long, never suspended or
# withdrawn, no adverse inspection result.
CLEAN_RECORD_YEARS = 3
# Inspection results that put an enterprise in class C for two years.
ADVERSE_CATEGORIES = [ResultCategory.NONCONFORMING, ResultCategory.NONCOOPERATIVE,
                      ResultCategory.UNREACHABLE]
ADVERSE_RESULT_MONTHS = 24


@dataclass(frozen=True)
class RefreshSummary:
    created: int
    updated: int
    deactivated: int
    total_active: int


def _enterprise_classes(on: dt.date) -> dict[int, tuple[str, str]]:
    """Risk class and reason per enterprise id, for enterprises that are not
    the default class B: from the latest published quality-credit grades
    (credit.queries.risk_classes, docs/draw-record.md §7) once the district
    has been graded, else from the interim rules below."""
    graded = credit_queries.risk_classes(on)
    if graded is not None:
        return graded[1]
    return _rule_classes(on)


def _rule_classes(on: dt.date) -> dict[int, tuple[str, str]]:
    """The interim rules, used until the first grading run:

    D — licence revoked (吊销) or any certificate withdrawn (撤销);
    C — a certificate suspended now, a surveillance overdue, or an adverse
        published inspection result in the last 24 months;
    A — certified for 3 years or more, never suspended or withdrawn;
    B — everyone else.
    """
    classes: dict[int, tuple[str, str]] = {}
    certified_since: dict[int, dt.date] = {}
    for holder_id, issued_on in (Certificate.objects.filter(status=CertificateStatus.VALID)
                                 .values_list("holder_id", "issued_on")):
        if holder_id not in certified_since or issued_on < certified_since[holder_id]:
            certified_since[holder_id] = issued_on
    ever_troubled = set(CertificateEvent.objects.filter(
        kind__in=[EventKind.SUSPEND, EventKind.WITHDRAW]).values_list(
        "certificate__holder_id", flat=True))
    long_ago = months_before(on, 12 * CLEAN_RECORD_YEARS)
    for holder_id, since in certified_since.items():
        if since <= long_ago and holder_id not in ever_troubled:
            classes[holder_id] = (RiskClass.A, "获证满3年且无暂停撤销记录")
    adverse = InspectionResult.objects.filter(
        status=ResultStatus.PUBLISHED, category__in=ADVERSE_CATEGORIES,
        published_at__date__gte=months_before(on, ADVERSE_RESULT_MONTHS),
    ).values_list("selection__target__enterprise_id", flat=True)
    for holder_id in adverse:
        if holder_id:
            classes[holder_id] = (RiskClass.C, "近两年抽查结果不合格或不配合")
    for holder_id in surveillance_overdue(on).values_list("holder_id", flat=True):
        classes[holder_id] = (RiskClass.C, "监督审核逾期")
    for holder_id in Certificate.objects.filter(status=CertificateStatus.SUSPENDED).values_list(
            "holder_id", flat=True):
        classes[holder_id] = (RiskClass.C, "有暂停证书")
    for holder_id in Certificate.objects.filter(status=CertificateStatus.WITHDRAWN).values_list(
            "holder_id", flat=True):
        classes[holder_id] = (RiskClass.D, "有被撤销证书")
    for pk in Enterprise.objects.filter(legal_status=LegalStatus.REVOKED).values_list(
            "pk", flat=True):
        classes[pk] = (RiskClass.D, "吊销营业执照")
    return classes


def _desired_targets(on: dt.date) -> dict[tuple[str, str], dict[str, Any]]:
    desired: dict[tuple[str, str], dict[str, Any]] = {}
    default: tuple[str, str] = (RiskClass.B, "默认")
    classes = _enterprise_classes(on)
    for e in (Enterprise.objects.exclude(legal_status__in=[LegalStatus.DEREGISTERED,
                                                           LegalStatus.MOVED_OUT])
              .values("pk", "uscc", "name", "industry_code", "division_code").iterator()):
        rc, why = classes.get(e["pk"], default)
        desired[(TargetKind.ENTERPRISE, e["uscc"])] = {
            "name": e["name"], "enterprise_id": e["pk"], "body_id": None, "lab_id": None,
            "industry_code": e["industry_code"], "division_code": e["division_code"],
            "risk_class": rc, "risk_reason": why}
    body_classes: dict[str, tuple[str, str]] = {BodyStatus.REVOKED: (RiskClass.D, "批准被撤销"),
                    BodyStatus.SUSPENDED: (RiskClass.C, "批准被暂停")}
    for b in CertificationBody.objects.exclude(status=BodyStatus.EXPIRED).values(
            "pk", "approval_number", "name", "status"):
        rc, why = body_classes.get(b["status"], default)
        desired[(TargetKind.CERTIFICATION_BODY, b["approval_number"])] = {
            "name": b["name"], "enterprise_id": None, "body_id": b["pk"], "lab_id": None,
            "industry_code": "", "division_code": "", "risk_class": rc, "risk_reason": why}
    desired.update(_self_declarer_targets(on, classes, default))
    lab_classes: dict[str, tuple[str, str]] = {LabStatus.REVOKED: (RiskClass.D, "资质被撤销"),
                   LabStatus.SUSPENDED: (RiskClass.C, "资质被暂停")}
    for lab in Lab.objects.exclude(status=LabStatus.EXPIRED).values(
            "pk", "cma_number", "name", "status"):
        rc, why = lab_classes.get(lab["status"], default)
        desired[(TargetKind.LAB, lab["cma_number"])] = {
            "name": lab["name"], "enterprise_id": None, "body_id": None, "lab_id": lab["pk"],
            "industry_code": "", "division_code": "", "risk_class": rc, "risk_reason": why}
    return desired


def _self_declarer_targets(on: dt.date, classes: dict[int, tuple[str, str]],
                           default: tuple[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """Enterprises with a self-declaration valid on `on` (from the catalogue),
    a library of their own: 双随机 checks of self-declarers are a separate
    item, drawn from them alone."""
    desired: dict[tuple[str, str], dict[str, Any]] = {}
    for e in (Enterprise.objects.filter(pk__in=self_declarer_ids(None, on))
              .exclude(legal_status__in=[LegalStatus.DEREGISTERED, LegalStatus.MOVED_OUT])
              .values("pk", "uscc", "name", "industry_code", "division_code").iterator()):
        rc, why = classes.get(e["pk"], default)
        desired[(TargetKind.SELF_DECLARER, e["uscc"])] = {
            "name": e["name"], "enterprise_id": e["pk"], "body_id": None, "lab_id": None,
            "industry_code": e["industry_code"], "division_code": e["division_code"],
            "risk_class": rc, "risk_reason": why}
    return desired


def refresh_target_library(*, actor: Actor, on: dt.date | None = None) -> RefreshSummary:
    """Bring the target library in line with the registry: add new
    enterprises, bodies and labs, update names and default risk classes, and
    take out what left the registry (deregistered, moved out, approval or
    accreditation expired). Classes set by the credit work stay as they are."""
    on = on or timezone.localdate()
    with transaction.atomic():
        desired = _desired_targets(on)
        existing = {(t.kind, t.identifier): t
                    for t in Target.objects.filter(kind__in=[TargetKind.ENTERPRISE,
                                                             TargetKind.CERTIFICATION_BODY,
                                                             TargetKind.LAB,
                                                             TargetKind.SELF_DECLARER])}
        new, changed, deactivated = [], [], []
        fields = ["name", "enterprise_id", "body_id", "lab_id", "industry_code",
                  "division_code", "risk_class", "risk_reason"]
        for key, values in desired.items():
            target = existing.get(key)
            if target is None:
                new.append(Target(kind=key[0], identifier=key[1], **values))
                continue
            if target.risk_source == RiskSource.CREDIT:
                values = {k: v for k, v in values.items() if k not in ("risk_class", "risk_reason")}
            dirty = [f for f, v in values.items() if getattr(target, f) != v]
            if dirty or not target.active:
                for f, v in values.items():
                    setattr(target, f, v)
                target.active = True
                changed.append(target)
        for key, target in existing.items():
            if key not in desired and target.active:
                target.active = False
                deactivated.append(target)
        Target.objects.bulk_create(new, batch_size=500)
        Target.objects.bulk_update(changed + deactivated, [*fields, "active"], batch_size=500)
        summary = RefreshSummary(len(new), len(changed), len(deactivated),
                                 Target.objects.filter(active=True).count())
        audit_append(action="inspections.target_library.refresh",
                     object_type="inspections.target", object_id="library",
                     object_repr="检查对象名录库", actor=actor,
                     after={"on": on.isoformat(), "created": summary.created,
                            "updated": summary.updated, "deactivated": summary.deactivated,
                            "total_active": summary.total_active})
    return summary


def set_target_risk_class(target: Target, risk_class: str, *, actor: Actor, reason: str,
                          source: str = RiskSource.CREDIT) -> Target:
    """The credit work's entry point: set a target's class; a class from
    ``RiskSource.CREDIT`` survives later library refreshes."""
    if risk_class not in RiskClass.values:
        raise PlanError(gettext("风险分类应为 A/B/C/D，而不是 %(value)r") % {"value": risk_class})
    with transaction.atomic():
        locked = Target.objects.select_for_update().get(pk=target.pk)
        before = {"risk_class": locked.risk_class, "risk_source": locked.risk_source}
        locked.risk_class, locked.risk_source = risk_class, source
        locked.risk_reason = (reason or "")[:200]
        locked.save(update_fields=["risk_class", "risk_source", "risk_reason", "refreshed_at"])
        audit_append(action="inspections.target.risk_class", object_type="inspections.target",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     reason=reason, before=before,
                     after={"risk_class": risk_class, "risk_source": source})
    return locked


def declare_conflict(*, inspector: Inspector, target: Target, reason: str,
                     actor: Actor) -> ConflictOfInterest:
    """Record a conflict of interest; from the next commit on, the inspector
    is excluded from the target in every plan."""
    reason = (reason or "").strip()
    if not reason:
        raise PlanError(gettext("必须说明回避理由"))
    with transaction.atomic():
        conflict, created = ConflictOfInterest.objects.get_or_create(
            inspector=inspector, target=target,
            defaults={"reason": reason, "declared_by": actor.user})
        if not created:
            raise PlanError(gettext("该回避关系已登记"))
        audit_append(action="inspections.conflict.declare",
                     object_type="inspections.conflictofinterest", object_id=str(conflict.pk),
                     object_repr=str(conflict), actor=actor, reason=reason,
                     after={"inspector": inspector.enforcement_number,
                            "target": target.identifier})
    return conflict
