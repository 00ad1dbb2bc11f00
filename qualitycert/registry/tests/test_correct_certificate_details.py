"""correct_certificate_details: scope and sites change, signed and audited."""

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.actions import RegistryError
from qualitycert.registry.corrections import correct_certificate_details
from qualitycert.registry.models import EventKind
from qualitycert.testing.actors import as_actor


def test_correction_writes_event_and_audit(cert_a, cb_alice):
    correct_certificate_details(cert_a, scope=" 新范围 ", sites=["甲厂", " 甲厂 ", "", "乙厂"],
                                reason="录入错误", actor=as_actor(cb_alice))
    cert_a.refresh_from_db()
    assert cert_a.scope == "新范围" and cert_a.sites == ["甲厂", "乙厂"]
    event = cert_a.events.get(kind=EventKind.CORRECT)
    assert event.signed_by == cb_alice and "Alice" in event.signer_name
    assert event.from_status == event.to_status == "valid"
    assert event.details == {"scope": {"from": "测试范围", "to": "新范围"},
                             "sites": {"from": [], "to": ["甲厂", "乙厂"]}}
    entry = AuditEntry.objects.get(action="certificate.correct")
    assert entry.before["scope"] == "测试范围" and entry.after["sites"] == ["甲厂", "乙厂"]
    assert first_break() is None


def test_status_and_signer_of_the_state_are_untouched(cert_a, cb_alice, supervisor):
    correct_certificate_details(cert_a, scope="新范围", sites=[], reason="笔误", actor=as_actor(cb_alice))
    cert_a.refresh_from_db()
    assert cert_a.status == "valid" and cert_a.status_signed_by == supervisor


def test_reason_is_required(cert_a, supervisor):
    with pytest.raises(RegistryError, match="理由"):
        correct_certificate_details(cert_a, scope="x", sites=[], reason=" ", actor=as_actor(supervisor))
    assert cert_a.events.count() == 1


def test_no_change_is_refused(cert_a, supervisor):
    with pytest.raises(RegistryError, match="没有变化"):
        correct_certificate_details(cert_a, scope=cert_a.scope, sites=[], reason="无",
                                    actor=as_actor(supervisor))
    assert not AuditEntry.objects.filter(action="certificate.correct").exists()


def test_another_body_is_refused(cert_a, cb_bob):
    with pytest.raises(PermissionDenied):
        correct_certificate_details(cert_a, scope="篡改", sites=[], reason="x", actor=as_actor(cb_bob))
    cert_a.refresh_from_db()
    assert cert_a.scope == "测试范围"
