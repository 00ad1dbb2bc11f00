"""The dishonesty list and credit repair, step by step, each audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.credit import actions, queries
from qualitycert.credit.models import CreditError, Fact, RepairStatus
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db
D = dt.date


def listing(enterprise, actor, **changes):
    fields = {"criterion": "forged_certificate", "legal_basis": "《认证认可条例》第七十一条",
              "decision_number": "津滨市监信〔2026〕1号", "authority": "滨海新区市场监管局",
              "starts_on": D(2026, 1, 5), "ends_on": D(2029, 1, 5),
              "measures": ["public_listing", "higher_inspection_ratio"]}
    fields.update(changes)
    return actions.list_dishonesty(enterprise=enterprise, actor=actor, **fields)


def test_listing_records_a_fact_and_tells_the_enterprise(supervisor, holder, enterprise_user,
                                                         django_capture_on_commit_callbacks):
    enterprise_user.email = "qa@example.cn"
    enterprise_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        entry = listing(holder, as_actor(supervisor))
    assert entry.is_active(D(2026, 6, 1))
    assert list(queries.active_dishonesty(D(2026, 6, 1))) == [entry]
    fact = Fact.objects.get(kind="dishonesty_listed", enterprise=holder)
    assert (fact.occurred_on, fact.ends_on) == (D(2026, 1, 5), D(2029, 1, 5))
    assert mail.outbox and "qa@example.cn" in mail.outbox[0].to


def test_listing_ends_by_itself(supervisor, holder):
    entry = listing(holder, as_actor(supervisor), starts_on=D(2024, 1, 1), ends_on=D(2025, 1, 1))
    assert not entry.is_active(D(2025, 1, 1))
    assert not queries.active_dishonesty(D(2026, 1, 1)).exists()


def test_bad_entry_is_refused_with_every_reason(supervisor, holder):
    with pytest.raises(CreditError) as caught:
        listing(holder, as_actor(supervisor), criterion="nope", legal_basis="",
                ends_on=D(2020, 1, 1), measures=["whip"])
    text = str(caught.value)
    for word in ("nope", "法律依据", "届满日期", "whip"):
        assert word in text


def test_repair_journey_is_audited_and_ends_the_listing(supervisor, holder, enterprise_user):
    entry = listing(holder, as_actor(supervisor))
    repair = actions.apply_for_repair(entry, corrective_actions="已停止使用并召回",
                                      evidence="召回记录编号 R-1", actor=as_actor(enterprise_user))
    with pytest.raises(CreditError):
        actions.apply_for_repair(entry, corrective_actions="again", evidence="x",
                                 actor=as_actor(enterprise_user))
    decided = actions.decide_repair(repair, approve=True, reason="整改到位",
                                    actor=as_actor(supervisor), on=D(2026, 3, 1))
    assert decided.status == RepairStatus.APPROVED
    entry.refresh_from_db()
    assert entry.repaired_on == D(2026, 3, 1)
    assert entry.is_active(D(2026, 2, 28)) and not entry.is_active(D(2026, 3, 1))
    assert not queries.active_dishonesty(D(2026, 6, 1)).exists()
    assert Fact.objects.get(kind="dishonesty_listed").ends_on == D(2026, 3, 1)
    steps = list(AuditEntry.objects.filter(action__startswith="credit.").order_by("seq")
                 .values_list("action", flat=True))
    assert steps == ["credit.dishonesty.list", "credit.repair.apply",
                     "credit.dishonesty.repaired", "credit.repair.decide"]
    with pytest.raises(CreditError):
        actions.decide_repair(repair, approve=False, reason="x", actor=as_actor(supervisor))


def test_rejected_repair_keeps_the_listing(supervisor, holder, enterprise_user):
    entry = listing(holder, as_actor(supervisor))
    repair = actions.apply_for_repair(entry, corrective_actions="a", evidence="b",
                                      actor=as_actor(enterprise_user))
    actions.decide_repair(repair, approve=False, reason="证据不足", actor=as_actor(supervisor))
    entry.refresh_from_db()
    assert entry.repaired_on is None


def test_only_the_listed_enterprise_applies_and_only_the_bureau_decides(
        supervisor, holder, enterprise_user, cb_alice):
    from qualitycert.testing.factories import make_enterprise

    other = listing(make_enterprise(), as_actor(supervisor))
    with pytest.raises(PermissionDenied):
        actions.apply_for_repair(other, corrective_actions="a", evidence="b",
                                 actor=as_actor(enterprise_user))
    entry = listing(holder, as_actor(supervisor), decision_number="X-2")
    repair = actions.apply_for_repair(entry, corrective_actions="a", evidence="b",
                                      actor=as_actor(enterprise_user))
    for who in (enterprise_user, cb_alice):
        with pytest.raises(PermissionDenied):
            actions.decide_repair(repair, approve=True, reason="r", actor=as_actor(who))
    with pytest.raises(PermissionDenied):
        listing(holder, as_actor(cb_alice), decision_number="X-3")
