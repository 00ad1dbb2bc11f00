"""The dishonesty list and credit repair: listing (the bureau's own decision
or another authority's, imported), the enterprise's application for repair,
the bureau's decision. Each step is audited and the enterprise is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.registry.models import Enterprise

from ..access import require_bureau, require_own_enterprise
from ..models import (
    CreditError,
    Criterion,
    DishonestyEntry,
    EntrySource,
    Fact,
    FactKind,
    FactSource,
    Measure,
    RepairRequest,
    RepairStatus,
)
from .common import audit, today

MAX_YEARS = 5


def entry_json(entry: DishonestyEntry) -> dict[str, Any]:
    return {"enterprise": entry.enterprise.uscc, "criterion": entry.criterion,
            "legal_basis": entry.legal_basis, "decision_number": entry.decision_number,
            "authority": entry.authority, "source": entry.source,
            "starts_on": entry.starts_on, "ends_on": entry.ends_on,
            "measures": entry.measures, "repaired_on": entry.repaired_on}


def tell_enterprise(enterprise: Enterprise, subject: str, body: str) -> None:
    """Mail the enterprise's accounts after commit (each step of a listing
    or a repair); the archive page shows the same state. The notice is in
    Chinese only, subject and body alike: it is the bureau's notice to a
    company, sent outside any request that could say otherwise."""
    addresses = list(User.objects.filter(enterprise=enterprise, is_active=True)
                     .exclude(email="").values_list("email", flat=True))
    if addresses:
        transaction.on_commit(lambda: send_mail(subject, body, None, addresses,
                                                fail_silently=True))


def check_entry(*, criterion: str, legal_basis: str, decision_number: str, authority: str,
                starts_on: dt.date, ends_on: dt.date, measures: list[str]) -> list[str]:
    """Every problem with an entry's fields (the import reports them all)."""
    problems = []
    if criterion not in Criterion.values:
        problems.append(gettext("未知的认定情形：%(v)s") % {"v": criterion})
    for label, value in ((gettext("法律依据"), legal_basis),
                         (gettext("决定书文号"), decision_number), (gettext("认定机关"), authority)):
        if not (value or "").strip():
            problems.append(gettext("%(f)s不能为空") % {"f": label})
    if starts_on > today():
        problems.append(gettext("列入日期不能晚于今天"))
    if ends_on <= starts_on:
        problems.append(gettext("届满日期须晚于列入日期"))
    elif ends_on > starts_on + dt.timedelta(days=366 * MAX_YEARS):
        problems.append(gettext("列入期限不超过%(n)s年") % {"n": MAX_YEARS})
    unknown = [m for m in measures if m not in Measure.values]
    if unknown:
        problems.append(gettext("未知的惩戒措施：%(v)s") % {"v": ", ".join(unknown)})
    return problems


def list_dishonesty(*, enterprise: Enterprise, criterion: str, legal_basis: str,
                    decision_number: str, authority: str, starts_on: dt.date, ends_on: dt.date,
                    measures: list[str], actor: Actor, facts: str = "",
                    source: str = EntrySource.BUREAU) -> DishonestyEntry:
    require_bureau(actor)
    problems = check_entry(criterion=criterion, legal_basis=legal_basis,
                           decision_number=decision_number, authority=authority,
                           starts_on=starts_on, ends_on=ends_on, measures=measures)
    if problems:
        raise CreditError("；".join(problems))
    with transaction.atomic():
        if DishonestyEntry.objects.filter(enterprise=enterprise, authority=authority.strip(),
                                          decision_number=decision_number.strip()).exists():
            raise CreditError(gettext("决定书%(n)s已列入失信名单") % {"n": decision_number})
        entry = DishonestyEntry.objects.create(
            enterprise=enterprise, criterion=criterion, legal_basis=legal_basis.strip(),
            decision_number=decision_number.strip(), authority=authority.strip(),
            source=source, starts_on=starts_on, ends_on=ends_on, measures=list(measures),
            facts=facts, signer_name=actor.signature())
        Fact.objects.create(enterprise=enterprise, kind=FactKind.DISHONESTY_LISTED,
                            occurred_on=starts_on, ends_on=ends_on, source=FactSource.CREDIT,
                            source_type="credit.dishonesty", source_id=str(entry.pk),
                            reference=entry.decision_number[:120],
                            summary=str(entry.get_criterion_display())[:300])
        audit("dishonesty.list", object_type="dishonesty_entry", object_id=entry.pk,
              object_repr=f"{enterprise.uscc} {entry.decision_number}", actor=actor,
              reason=entry.facts, after=entry_json(entry))
        tell_enterprise(enterprise, "列入失信名单告知",
                        f"{enterprise.name}：依据 {entry.decision_number}，自 {starts_on} 起列入"
                        f"失信名单，至 {ends_on} 届满。可在完成整改后申请信用修复。")
    return entry


def apply_for_repair(entry: DishonestyEntry, *, corrective_actions: str, evidence: str,
                     actor: Actor) -> RepairRequest:
    """The listed enterprise applies, with what it corrected and its evidence."""
    require_own_enterprise(actor, entry.enterprise_id)
    corrective_actions, evidence = (corrective_actions or "").strip(), (evidence or "").strip()
    if not corrective_actions or not evidence:
        raise CreditError(gettext("请填写整改情况和证明材料"))
    if not entry.is_active(today()):
        raise CreditError(gettext("该记录已不在公示期"))
    with transaction.atomic():
        if RepairRequest.objects.select_for_update().filter(
                entry=entry, status=RepairStatus.SUBMITTED).exists():
            raise CreditError(gettext("已有待处理的修复申请"))
        repair = RepairRequest.objects.create(entry=entry, enterprise_id=entry.enterprise_id,
                                              corrective_actions=corrective_actions,
                                              evidence=evidence, submitted_by=actor.user)
        audit("repair.apply", object_type="repair_request", object_id=repair.pk,
              object_repr=f"{entry.enterprise.uscc} {entry.decision_number}", actor=actor,
              after={"entry": entry.pk, "corrective_actions": corrective_actions,
                     "evidence": evidence})
        tell_enterprise(entry.enterprise, "信用修复申请已受理",
                        f"您对 {entry.decision_number} 的信用修复申请已提交，等待监管部门决定。")
    return repair


def decide_repair(repair: RepairRequest, *, approve: bool, reason: str, actor: Actor,
                  on: dt.date | None = None) -> RepairRequest:
    """The bureau decides, with reasons. An approval ends the public listing
    on the decision day (the entry and its history stay)."""
    require_bureau(actor)
    reason, on = (reason or "").strip(), on or today()
    if not reason:
        raise CreditError(gettext("请填写决定理由"))
    with transaction.atomic():
        locked = (RepairRequest.objects.select_for_update(of=("self",)).select_related("entry", "enterprise")
                  .get(pk=repair.pk))
        if not locked.is_open:
            raise CreditError(gettext("该申请已有决定"))
        entry = DishonestyEntry.objects.select_for_update().get(pk=locked.entry_id)
        if on < entry.starts_on:
            raise CreditError(gettext("决定日期不能早于列入日期"))
        locked.status = RepairStatus.APPROVED if approve else RepairStatus.REJECTED
        locked.decided_on, locked.decided_by = on, actor.user
        locked.decider_name, locked.decision_reason = actor.signature(), reason
        locked.save(update_fields=["status", "decided_on", "decided_by", "decider_name",
                                   "decision_reason"])
        if approve:
            before = entry_json(entry)
            entry.repaired_on = on
            entry.save(update_fields=["repaired_on"])
            Fact.objects.filter(kind=FactKind.DISHONESTY_LISTED, source_type="credit.dishonesty",
                                source_id=str(entry.pk)).update(ends_on=entry.listed_until)
            audit("dishonesty.repaired", object_type="dishonesty_entry", object_id=entry.pk,
                  object_repr=f"{locked.enterprise.uscc} {entry.decision_number}", actor=actor,
                  reason=reason, before=before, after=entry_json(entry))
        audit("repair.decide", object_type="repair_request", object_id=locked.pk,
              object_repr=f"{locked.enterprise.uscc} {entry.decision_number}", actor=actor,
              reason=reason, after={"status": locked.status, "decided_on": on})
        verdict = "准予修复，已移出公示" if approve else "不予修复"
        tell_enterprise(locked.enterprise, "信用修复决定",
                        f"您对 {entry.decision_number} 的信用修复申请：{verdict}。理由：{reason}")
    return locked
