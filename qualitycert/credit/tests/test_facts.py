"""Facts reach the archive once, from their records."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.credit import actions
from qualitycert.credit.models import CreditError, Fact
from qualitycert.testing.actors import any_decision, as_actor

pytestmark = pytest.mark.django_db


def test_registry_facts_follow_certificates(supervisor, cert_a):
    actor = as_actor(supervisor)
    assert actions.sync_registry_facts(actor=actor)["added"] == 1
    held = Fact.objects.get(kind="certificate_held")
    assert held.occurred_on == cert_a.issued_on and held.enterprise_id == cert_a.holder_id
    assert actions.sync_registry_facts(actor=actor)["added"] == 0
    from qualitycert.registry.actions import withdraw_certificate

    withdraw_certificate(cert_a, reason="伪造检测报告", actor=actor, decision=any_decision())
    counts = actions.sync_registry_facts(actor=actor)
    assert counts == {"added": 1, "ended": 1}
    assert Fact.objects.get(kind="certificate_withdrawn").source_type == \
        "registry.certificate_event"
    assert Fact.objects.get(kind="certificate_held").ends_on is not None


def test_entered_fact_needs_a_document_and_is_recorded_once(supervisor, holder):
    actor = as_actor(supervisor)
    fact = actions.enter_fact(enterprise=holder, kind="penalty", occurred_on=dt.date(2025, 5, 1),
                              reference="津滨市监罚〔2025〕8号", summary="生产不合格产品", actor=actor)
    again = actions.enter_fact(enterprise=holder, kind="penalty",
                               occurred_on=dt.date(2025, 5, 1),
                               reference="津滨市监罚〔2025〕8号", summary="", actor=actor)
    assert fact.pk == again.pk
    with pytest.raises(CreditError):
        actions.enter_fact(enterprise=holder, kind="penalty", occurred_on=dt.date(2025, 5, 1),
                           reference=" ", summary="", actor=actor)
    with pytest.raises(CreditError):
        actions.enter_fact(enterprise=holder, kind="certificate_held",
                           occurred_on=dt.date(2025, 5, 1), reference="x", summary="",
                           actor=actor)
