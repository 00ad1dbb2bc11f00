"""Writing the archive's facts: pushed by the apps above (an inspection
result, a sampling result, a declaration), entered by the bureau (a penalty,
a complaint, an award), or read from the registry's certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.registry.models import Certificate, CertificateEvent, CertificateStatus
from qualitycert.registry.models import EventKind as CertificateEventKind

from ..access import require_bureau
from ..models import CreditError, Fact, FactKind, FactSource
from .common import audit, today

# Facts the bureau enters by hand (the others come from their own records).
ENTERED_KINDS = frozenset({FactKind.PENALTY, FactKind.COMPLAINT, FactKind.FORGERY_REPORT,
                           FactKind.QUALITY_AWARD, FactKind.BRAND,
                           FactKind.QUALITY_COMMITMENT, FactKind.FALSE_DECLARATION,
                           FactKind.INSPECTION_REFUSED})
ENDED_STATUSES = {CertificateStatus.WITHDRAWN, CertificateStatus.CANCELLED,
                  CertificateStatus.EXPIRED}
EVENT_FACTS = {CertificateEventKind.SUSPEND: FactKind.CERTIFICATE_SUSPENDED,
               CertificateEventKind.WITHDRAW: FactKind.CERTIFICATE_WITHDRAWN}


def _fact_json(fact: Fact) -> dict[str, Any]:
    return {"enterprise": fact.enterprise.uscc, "kind": fact.kind,
            "occurred_on": fact.occurred_on, "ends_on": fact.ends_on, "source": fact.source,
            "source_type": fact.source_type, "source_id": fact.source_id,
            "reference": fact.reference, "summary": fact.summary}


def record_fact(*, enterprise: Any, kind: str, occurred_on: dt.date, source: str,
                source_type: str, source_id: str, actor: Actor, ends_on: dt.date | None = None,
                reference: str = "", summary: str = "") -> Fact:
    """Record one fact (once: the same kind from the same record is kept
    as first recorded, and its end date follows the record's)."""
    if kind not in FactKind.values:
        raise CreditError(gettext("未知的事实类别：%(v)s") % {"v": kind})
    if source not in FactSource.values:
        raise CreditError(gettext("未知的来源：%(v)s") % {"v": source})
    if occurred_on > today():
        raise CreditError(gettext("发生日期不能晚于今天"))
    if ends_on is not None and ends_on < occurred_on:
        # Equal dates are a fact that ended the day it began: never in force.
        raise CreditError(gettext("终止日期不能早于发生日期"))
    with transaction.atomic():
        fact = Fact.objects.select_for_update().filter(
            kind=kind, source_type=source_type, source_id=str(source_id)).first()
        if fact is not None:
            if fact.ends_on != ends_on:
                before = _fact_json(fact)
                fact.ends_on = ends_on
                fact.save(update_fields=["ends_on"])
                audit("fact.end", object_type="fact", object_id=fact.pk, object_repr=str(fact),
                      actor=actor, before=before, after=_fact_json(fact))
            return fact
        fact = Fact.objects.create(
            enterprise=enterprise, kind=kind, occurred_on=occurred_on, ends_on=ends_on,
            source=source, source_type=source_type, source_id=str(source_id),
            reference=reference[:120], summary=summary[:300])
        audit("fact.record", object_type="fact", object_id=fact.pk, object_repr=str(fact),
              actor=actor, after=_fact_json(fact))
    return fact


def enter_fact(*, enterprise: Any, kind: str, occurred_on: dt.date, reference: str,
               summary: str, actor: Actor, ends_on: dt.date | None = None) -> Fact:
    """A penalty, complaint, award … entered by bureau staff; its document
    number is its source record."""
    require_bureau(actor)
    if kind not in ENTERED_KINDS:
        raise CreditError(gettext("此类事实由其来源系统推送，不能手工录入"))
    reference = (reference or "").strip()
    if not reference:
        raise CreditError(gettext("文书编号不能为空"))
    return record_fact(enterprise=enterprise, kind=kind, occurred_on=occurred_on,
                       ends_on=ends_on, source=FactSource.BUREAU, source_type=f"document.{kind}",
                       source_id=f"{enterprise.pk}:{reference}"[:64], reference=reference,
                       summary=summary, actor=actor)


def certificate_held_until(status: str, status_changed_on: dt.date, expires_on: dt.date
                           ) -> dt.date:
    """The day a certificate stopped being held (exclusive)."""
    if status in ENDED_STATUSES:
        return min(status_changed_on, expires_on + dt.timedelta(days=1))
    return expires_on + dt.timedelta(days=1)


def sync_registry_facts(*, actor: Actor) -> dict[str, int]:
    """Bring the archive's certificate facts in line with the registry:
    each certificate held (from issue until it ended), each suspension and
    each withdrawal. Idempotent; one audit entry with the counts."""
    require_bureau(actor)
    counts = {"added": 0, "ended": 0}
    with transaction.atomic():
        existing = {(k, sid): (pk, ends) for pk, k, sid, ends in Fact.objects.filter(
            source=FactSource.REGISTRY).values_list("pk", "kind", "source_id", "ends_on")}
        new: list[Fact] = []
        for pk, holder, issued, expires, status, changed, number in (
                Certificate.objects.values_list("pk", "holder_id", "issued_on", "expires_on",
                                                "status", "status_changed_on", "number")):
            ends = certificate_held_until(status, changed, expires)
            found = existing.get((FactKind.CERTIFICATE_HELD, str(pk)))
            if found is None:
                new.append(Fact(enterprise_id=holder, kind=FactKind.CERTIFICATE_HELD,
                                occurred_on=issued, ends_on=ends, source=FactSource.REGISTRY,
                                source_type="registry.certificate", source_id=str(pk),
                                reference=number[:120]))
            elif found[1] != ends:
                Fact.objects.filter(pk=found[0]).update(ends_on=ends)
                counts["ended"] += 1
        for pk, holder, kind, occurred, number in CertificateEvent.objects.filter(
                kind__in=list(EVENT_FACTS)).values_list(
                "pk", "certificate__holder_id", "kind", "occurred_on", "certificate__number"):
            fact_kind = EVENT_FACTS[CertificateEventKind(kind)]
            if (fact_kind, str(pk)) not in existing:
                new.append(Fact(enterprise_id=holder, kind=fact_kind, occurred_on=occurred,
                                source=FactSource.REGISTRY,
                                source_type="registry.certificate_event", source_id=str(pk),
                                reference=number[:120]))
        Fact.objects.bulk_create(new, batch_size=100)
        counts["added"] = len(new)
        audit("facts.sync_registry", object_type="fact", object_id="registry",
              object_repr="registry facts", actor=actor, after=counts)
    return counts
