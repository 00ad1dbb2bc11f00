import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    InvalidTransition,
    Scheme,
)
from qualitycert.registry.signals import certificate_status_changed
from qualitycert.testing.actors import any_decision, as_actor

S = CertificateStatus
ON = dt.date(2025, 6, 1)
RENEWED_ON = dt.date(2025, 6, 1)


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
    "suspend": lambda c, a: actions.suspend_certificate(c, reason="未按期监督审核", actor=as_actor(a), on=ON, decision=any_decision()),
    "restore": lambda c, a: actions.restore_certificate(c, reason="整改完成", actor=as_actor(a), on=ON),
    "withdraw": lambda c, a: actions.withdraw_certificate(c, reason="严重不符合", actor=as_actor(a), on=ON, decision=any_decision()),
    "cancel": lambda c, a: actions.cancel_certificate(c, reason="企业申请注销", actor=as_actor(a), on=ON),
    "surveillance": lambda c, a: actions.record_surveillance(c, audited_on=ON, actor=as_actor(a)),
    "renew": lambda c, a: actions.renew_certificate(
        c, issued_on=RENEWED_ON, expires_on=dt.date(2028, 5, 31), actor=as_actor(a)),
    "expire": lambda c, a: actions.expire_certificate(c, actor=as_actor(a), on=dt.date(2031, 1, 1)),
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


def _in_the_past(cert):
    """Move cert_a's period into the past (2021-01-10 to 2024-01-09), so it
    can expire, and be renewed, on days that have already come."""
    Certificate.objects.filter(pk=cert.pk).update(
        issued_on=dt.date(2021, 1, 10), expires_on=dt.date(2024, 1, 9),
        status_changed_on=dt.date(2021, 1, 10))
    CertificateEvent.objects.filter(certificate=cert).update(occurred_on=dt.date(2021, 1, 10))
    cert.refresh_from_db()
    return cert


def _put_in_state(cert, state, actor):
    if state == S.VALID:
        return cert
    if state == S.SUSPENDED:
        return STEPS["suspend"](cert, actor)
    if state == S.WITHDRAWN:
        return STEPS["withdraw"](cert, actor)
    if state == S.CANCELLED:
        return STEPS["cancel"](cert, actor)
    # The day after the end date, as the daily job does; the renewal in STEPS
    # follows it.
    return actions.expire_certificate(_in_the_past(cert), actor=as_actor(actor),
                                      on=dt.date(2024, 1, 10))


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
        actions.suspend_certificate(cert_a, reason="  ", actor=as_actor(supervisor), decision=any_decision())


def test_expire_before_end_date_is_refused(cert_a, supervisor):
    with pytest.raises(actions.StepRefused) as refused:
        actions.expire_certificate(cert_a, actor=as_actor(supervisor), on=cert_a.expires_on)
    assert refused.value.code == "not_yet_expired"


def test_other_body_operator_cannot_change(cert_a, cb_bob, cb_alice):
    with pytest.raises(PermissionDenied):
        actions.suspend_certificate(cert_a, reason="x", actor=as_actor(cb_bob), decision=any_decision())
    assert actions.suspend_certificate(cert_a, reason="x", actor=as_actor(cb_alice), decision=any_decision()).status == S.SUSPENDED


def test_status_change_is_announced_after_commit(
    cert_a, supervisor, django_capture_on_commit_callbacks
):
    seen = []

    def listener(sender, certificate, event, **kwargs):
        seen.append((certificate.number, event.kind))

    certificate_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.suspend_certificate(cert_a, reason="x", actor=as_actor(supervisor), decision=any_decision())
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == [(cert_a.number, EventKind.SUSPEND)]
    finally:
        certificate_status_changed.disconnect(listener)


def test_expire_due_certificates(issue, body_a, holder, supervisor):
    old = issue(body_a, holder, "OLD-1", issued_on=dt.date(2020, 1, 1))
    fresh = issue(body_a, holder, "NEW-1", issued_on=dt.date(2025, 1, 1))
    assert actions.expire_due_certificates(on=dt.date(2025, 6, 1), actor=Actor.system()) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (S.EXPIRED, S.VALID)
    assert old.status_signer_name == "system" and old.status_signed_by is None


# -- steps in date order --------------------------------------------------------
# A status change dated before the certificate's current state would leave a
# status that is not the status of its latest event by date (and break the
# `status_changed_on` shortcut of queries.certificates_valid_on): refused.

LATER = dt.date(2025, 9, 1)
AFTER_THE_END = dt.date(2024, 3, 1)  # cert_a, moved into the past, ran to 2024-01-09


def _valid_since_later(cert, actor):
    actions.suspend_certificate(cert, reason="暂停", actor=as_actor(actor), on=ON, decision=any_decision())
    actions.restore_certificate(cert, reason="整改完成", actor=as_actor(actor), on=LATER)
    return LATER


def _suspended_since_later(cert, actor):
    actions.suspend_certificate(cert, reason="暂停", actor=as_actor(actor), on=LATER, decision=any_decision())
    return LATER


def _suspended_after_the_end(cert, actor):
    _in_the_past(cert)
    actions.suspend_certificate(cert, reason="暂停", actor=as_actor(actor), on=AFTER_THE_END, decision=any_decision())
    return AFTER_THE_END


# step -> (put cert_a in a state the step starts from, returning its date; run the step on a day)
DATED_STEPS = {
    "suspend": (_valid_since_later, lambda c, a, on: actions.suspend_certificate(
        c, reason="未按期监督审核", actor=as_actor(a), on=on, decision=any_decision())),
    "restore": (_suspended_since_later, lambda c, a, on: actions.restore_certificate(
        c, reason="整改完成", actor=as_actor(a), on=on)),
    "withdraw": (_valid_since_later, lambda c, a, on: actions.withdraw_certificate(
        c, reason="严重不符合", actor=as_actor(a), on=on, decision=any_decision())),
    "cancel": (_suspended_since_later, lambda c, a, on: actions.cancel_certificate(
        c, reason="企业申请注销", actor=as_actor(a), on=on)),
    "expire": (_suspended_after_the_end, lambda c, a, on: actions.expire_certificate(
        c, actor=as_actor(a), on=on)),
    "renew": (_valid_since_later, lambda c, a, on: actions.renew_certificate(
        c, issued_on=on, expires_on=on + dt.timedelta(days=3 * 365), actor=as_actor(a))),
}


def _lifecycle_fields(cert):
    return (cert.status, cert.status_changed_on, cert.status_reason, cert.issued_on,
            cert.expires_on, cert.last_surveillance_on)


@pytest.mark.parametrize("step", sorted(DATED_STEPS))
def test_step_dated_before_the_current_state_is_refused(step, cert_a, supervisor):
    put_in_state, run = DATED_STEPS[step]
    since = put_in_state(cert_a, supervisor)
    cert_a.refresh_from_db()
    before = _lifecycle_fields(cert_a)
    written = (CertificateEvent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(actions.RegistryError) as refused:
        run(cert_a, supervisor, since - dt.timedelta(days=1))
    assert str(refused.value) == (
        f"变更日期早于证书当前状态的日期（{since.isoformat()}），请按时间顺序登记")
    assert (CertificateEvent.objects.count(), AuditEntry.objects.count()) == written
    assert _lifecycle_fields(cert_a) == before  # the caller's copy is left alone too
    cert_a.refresh_from_db()
    assert _lifecycle_fields(cert_a) == before
    assert first_break() is None


@pytest.mark.parametrize("step", sorted(DATED_STEPS))
def test_step_on_the_day_of_the_current_state_is_allowed(step, cert_a, supervisor):
    put_in_state, run = DATED_STEPS[step]
    since = put_in_state(cert_a, supervisor)
    result = run(cert_a, supervisor, since)
    assert result.status_changed_on == since
    assert result.events.latest("id").occurred_on == since
    assert _audited(cert_a, step) >= 1


def test_wrong_state_is_reported_before_the_date(cert_a, supervisor):
    _valid_since_later(cert_a, supervisor)
    with pytest.raises(InvalidTransition):
        actions.restore_certificate(cert_a, reason="x", actor=as_actor(supervisor), on=ON)


def test_step_before_the_issue_date_is_refused(body_a, holder, supervisor):
    # A row imported without history, its status date lost.
    cert = Certificate.objects.create(
        number="LEGACY-1", body=body_a, holder=holder, scheme=Scheme.objects.get(code="ISO9001"),
        issued_on=dt.date(2025, 1, 10), expires_on=dt.date(2028, 1, 9), status=S.VALID,
        status_changed_on=dt.date(2024, 12, 1))
    with pytest.raises(actions.RegistryError, match="早于证书的颁证日期（2025-01-10）") as refused:
        actions.suspend_certificate(cert, reason="暂停", actor=as_actor(supervisor),
                                    on=dt.date(2025, 1, 9), decision=any_decision())
    assert "before the certificate" not in str(refused.value)
    assert not CertificateEvent.objects.filter(certificate=cert).exists()
    assert actions.suspend_certificate(cert, reason="暂停", actor=as_actor(supervisor),
                                       on=dt.date(2025, 1, 10), decision=any_decision()).status == S.SUSPENDED


def test_the_latest_status_event_counts_when_the_row_lags_behind(cert_a, supervisor):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=LATER, decision=any_decision())
    # A row out of step with its history (status date older than its last event).
    Certificate.objects.filter(pk=cert_a.pk).update(status_changed_on=ON)
    with pytest.raises(actions.RegistryError, match="2025-09-01"):
        actions.restore_certificate(cert_a, reason="恢复", actor=as_actor(supervisor),
                                    on=LATER - dt.timedelta(days=1))


def test_back_dated_surveillance_keeps_the_later_audit_date(cert_a, supervisor):
    _valid_since_later(cert_a, supervisor)
    actions.record_surveillance(cert_a, audited_on=LATER, actor=as_actor(supervisor))
    # An audit recorded late, dated back into the suspension: not a status
    # change, so recorded, but the last audit date stays the later one.
    result = actions.record_surveillance(cert_a, audited_on=dt.date(2025, 7, 1),
                                         actor=as_actor(supervisor))
    assert result.last_surveillance_on == LATER
    cert_a.refresh_from_db()
    assert cert_a.last_surveillance_on == LATER and cert_a.status_changed_on == LATER
    event = cert_a.events.latest("id")
    assert (event.kind, event.occurred_on) == (EventKind.SURVEILLANCE, dt.date(2025, 7, 1))


def test_last_status_change_on_is_the_latest_status_event(body_a, holder, cert_a, supervisor):
    from qualitycert.registry.queries import last_status_change_on

    _valid_since_later(cert_a, supervisor)
    # A later surveillance audit is not a status change.
    actions.record_surveillance(cert_a, audited_on=dt.date(2025, 10, 1), actor=as_actor(supervisor))
    legacy = Certificate.objects.create(  # imported without history: no event at all
        number="LEGACY-2", body=body_a, holder=holder, scheme=Scheme.objects.get(code="ISO9001"),
        issued_on=dt.date(2025, 1, 10), expires_on=dt.date(2028, 1, 9), status=S.VALID,
        status_changed_on=dt.date(2024, 12, 1))
    found = dict(Certificate.objects.filter(pk__in=[cert_a.pk, legacy.pk])
                 .annotate(last=last_status_change_on()).values_list("pk", "last"))
    assert found == {cert_a.pk: LATER, legacy.pk: None}
    assert actions.steps_from(cert_a) == (LATER, False)
    assert actions.steps_from(legacy) == (dt.date(2025, 1, 10), True)
