import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.models import (
    CertificateEvent,
    CertificateStatus,
    EventKind,
    InvalidTransition,
)
from qualitycert.registry.signals import certificate_status_changed

S = CertificateStatus
ON = dt.date(2025, 6, 1)


def _audited(cert, kind):
    return AuditEntry.objects.filter(object_type="registry.certificate", object_id=str(cert.pk),
                                     action=f"certificate.{kind}").count()


def test_issue_leaves_event_and_audit(cert_a, supervisor):
    event = cert_a.events.get()
    assert event.kind == EventKind.ISSUE and event.signed_by == supervisor
    assert "王监管" in cert_a.status_signer_name
    assert _audited(cert_a, "issue") == 1


def test_duplicate_number_in_same_body_is_refused(issue, body_a, holder, cert_a):
    with pytest.raises(actions.RegistryError, match="已有编号"):
        issue(body_a, holder, cert_a.number.lower())


def test_same_number_in_another_body_is_fine(issue, body_b, holder, cert_a):
    assert issue(body_b, holder, cert_a.number).number == cert_a.number


STEPS = {
    "suspend": lambda c, a: actions.suspend_certificate(c, reason="未按期监督审核", actor=a, on=ON),
    "restore": lambda c, a: actions.restore_certificate(c, reason="整改完成", actor=a, on=ON),
    "withdraw": lambda c, a: actions.withdraw_certificate(c, reason="严重不符合", actor=a, on=ON),
    "cancel": lambda c, a: actions.cancel_certificate(c, reason="企业申请注销", actor=a, on=ON),
    "surveillance": lambda c, a: actions.record_surveillance(c, audited_on=ON, actor=a),
    "renew": lambda c, a: actions.renew_certificate(
        c, issued_on=dt.date(2028, 1, 1), expires_on=dt.date(2030, 12, 31), actor=a),
    "expire": lambda c, a: actions.expire_certificate(c, actor=a, on=dt.date(2031, 1, 1)),
}

# (step, states it may start from, resulting state or None for unchanged)
ALLOWED = {
    "suspend": ({S.VALID}, S.SUSPENDED),
    "restore": ({S.SUSPENDED}, S.VALID),
    "withdraw": ({S.VALID, S.SUSPENDED}, S.WITHDRAWN),
    "cancel": ({S.VALID, S.SUSPENDED}, S.CANCELLED),
    "surveillance": ({S.VALID}, S.VALID),
    "renew": ({S.VALID, S.EXPIRED}, S.VALID),
    "expire": ({S.VALID, S.SUSPENDED}, S.EXPIRED),
}


def _put_in_state(cert, state, actor):
    if state == S.VALID:
        return cert
    if state == S.SUSPENDED:
        return STEPS["suspend"](cert, actor)
    if state == S.WITHDRAWN:
        return STEPS["withdraw"](cert, actor)
    if state == S.CANCELLED:
        return STEPS["cancel"](cert, actor)
    return actions.expire_certificate(cert, actor=actor, on=dt.date(2029, 1, 1))


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("state", list(S))
def test_every_transition_from_every_state(step, state, cert_a, supervisor):
    cert = _put_in_state(cert_a, state, supervisor)
    allowed, target = ALLOWED[step]
    events_before = CertificateEvent.objects.filter(certificate=cert).count()
    if state in allowed:
        result = STEPS[step](cert, supervisor)
        assert result.status == target
        assert CertificateEvent.objects.filter(certificate=cert).count() == events_before + 1
        assert _audited(cert, step) == 1
        assert result.events.last().signed_by == supervisor
    else:
        with pytest.raises(InvalidTransition, match="不能执行"):
            STEPS[step](cert, supervisor)
        assert CertificateEvent.objects.filter(certificate=cert).count() == events_before
        cert.refresh_from_db()
        assert cert.status == state
    assert first_break() is None


def test_reason_is_required(cert_a, supervisor):
    with pytest.raises(actions.RegistryError):
        actions.suspend_certificate(cert_a, reason="  ", actor=supervisor)


def test_expire_before_end_date_is_refused(cert_a, supervisor):
    with pytest.raises(InvalidTransition):
        actions.expire_certificate(cert_a, actor=supervisor, on=cert_a.expires_on)


def test_other_body_operator_cannot_change(cert_a, cb_bob, cb_alice):
    with pytest.raises(PermissionDenied):
        actions.suspend_certificate(cert_a, reason="x", actor=cb_bob)
    assert actions.suspend_certificate(cert_a, reason="x", actor=cb_alice).status == S.SUSPENDED


def test_status_change_is_announced_after_commit(
    cert_a, supervisor, django_capture_on_commit_callbacks
):
    seen = []

    def listener(sender, certificate, event, **kwargs):
        seen.append((certificate.number, event.kind))

    certificate_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.suspend_certificate(cert_a, reason="x", actor=supervisor)
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == [(cert_a.number, EventKind.SUSPEND)]
    finally:
        certificate_status_changed.disconnect(listener)


def test_expire_due_certificates(issue, body_a, holder, supervisor):
    old = issue(body_a, holder, "OLD-1", issued_on=dt.date(2020, 1, 1))
    fresh = issue(body_a, holder, "NEW-1", issued_on=dt.date(2025, 1, 1))
    assert actions.expire_due_certificates(on=dt.date(2025, 6, 1)) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (S.EXPIRED, S.VALID)
