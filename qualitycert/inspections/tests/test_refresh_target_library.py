"""The target library built from the registry, with default risk classes."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions
from qualitycert.inspections.models import Target
from qualitycert.registry import actions as registry_actions
from qualitycert.registry.models import LegalStatus
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


def target_of(enterprise) -> Target:
    return Target.objects.get(kind="enterprise", identifier=enterprise.uscc)


def test_enterprises_bodies_and_labs_enter_the_library(holder, body_a, supervisor) -> None:
    gone = make_enterprise(legal_status=LegalStatus.DEREGISTERED)
    summary = actions.refresh_target_library(actor=as_actor(supervisor), on=TODAY)
    assert summary.created == 2  # the holder and body A; the deregistered one stays out
    assert target_of(holder).risk_class == "B"
    assert Target.objects.get(kind="certification_body").identifier == body_a.approval_number
    assert not Target.objects.filter(identifier=gone.uscc).exists()
    assert AuditEntry.objects.filter(action="inspections.target_library.refresh").count() == 1


def test_default_risk_classes(issue, body_a, supervisor) -> None:
    clean = make_enterprise(name="老牌企业")
    # CCC runs five years: certified since 2022 and still valid.
    old = issue(body_a, clean, "OLD-1", scheme="CCC", issued_on=dt.date(2022, 1, 10), years=5)
    registry_actions.record_surveillance(old, audited_on=dt.date(2026, 1, 5), actor=as_actor(supervisor))
    suspended = make_enterprise(name="暂停企业")
    cert = issue(body_a, suspended, "SUS-1", issued_on=dt.date(2025, 11, 1))
    registry_actions.suspend_certificate(cert, reason="监督审核不通过", actor=as_actor(supervisor),
                                         on=dt.date(2026, 3, 1), decision=any_decision())
    withdrawn = make_enterprise(name="撤销企业")
    cert = issue(body_a, withdrawn, "WD-1", issued_on=dt.date(2025, 11, 1))
    registry_actions.withdraw_certificate(cert, reason="冒用", actor=as_actor(supervisor),
                                          on=dt.date(2026, 3, 1), decision=any_decision())
    revoked = make_enterprise(name="吊销企业", legal_status=LegalStatus.REVOKED)
    recent = make_enterprise(name="新获证企业")
    issue(body_a, recent, "NEW-1", issued_on=dt.date(2026, 1, 10))
    overdue = make_enterprise(name="监督逾期企业")
    issue(body_a, overdue, "LATE-1", issued_on=dt.date(2025, 6, 1))

    actions.refresh_target_library(actor=Actor.system(), on=TODAY)

    assert target_of(clean).risk_class == "A"
    assert target_of(suspended).risk_class == "C"
    assert target_of(withdrawn).risk_class == "D"
    assert target_of(revoked).risk_class == "D"
    assert target_of(recent).risk_class == "B"
    assert target_of(overdue).risk_class == "C"


def test_credit_class_survives_refresh_and_removal_deactivates(holder, supervisor) -> None:
    actions.refresh_target_library(actor=Actor.system(), on=TODAY)
    target = target_of(holder)
    actions.set_target_risk_class(target, "C", actor=as_actor(supervisor), reason="信用风险分类结果")
    actions.refresh_target_library(actor=Actor.system(), on=TODAY)
    target.refresh_from_db()
    assert (target.risk_class, target.risk_source) == ("C", "credit")

    holder.legal_status = LegalStatus.MOVED_OUT
    holder.save()
    summary = actions.refresh_target_library(actor=Actor.system(), on=TODAY)
    target.refresh_from_db()
    assert summary.deactivated == 1 and not target.active
    assert AuditEntry.objects.filter(action="inspections.target.risk_class").exists()


def test_bad_risk_class_is_refused(holder) -> None:
    actions.refresh_target_library(actor=Actor.system(), on=TODAY)
    with pytest.raises(actions.plans.PlanError):
        actions.set_target_risk_class(target_of(holder), "E", actor=Actor.system(), reason="x")
