"""Lifecycle steps from the back office: a button per certificate and bulk
changelist actions, both asking for a reason and a date, both calling the
registry's actions with the logged-in user as the signer."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.models import CertificateStatus, EventKind
from qualitycert.testing.actors import any_decision, as_actor

S = CertificateStatus
CHANGELIST = "/admin/registry/certificate/"


def step_url(cert, code):
    return f"/admin/registry/certificate/{cert.pk}/step/{code}/"


def _today():
    return timezone.localdate().isoformat()


def test_step_page_asks_for_reason_and_date(client_for, supervisor, cert_a):
    response = client_for(supervisor).get(step_url(cert_a, "suspend"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="reason"' in text and 'name="on"' in text and cert_a.number in text


def test_suspend_with_reason_writes_event_and_audit(client_for, cb_alice, cert_a):
    response = client_for(cb_alice).post(step_url(cert_a, "suspend"),
                                         {"reason_code": "surveillance_missed", "on": _today()})
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.status == S.SUSPENDED and cert_a.status_signed_by == cb_alice
    event = cert_a.events.get(kind=EventKind.SUSPEND)
    assert event.reason == "未按期接受监督审核" and event.signed_by == cb_alice
    assert event.reason_code == cert_a.status_reason_code == "surveillance_missed"
    assert AuditEntry.objects.filter(action="certificate.suspend", object_id=str(cert_a.pk),
                                     actor=cb_alice).count() == 1


def test_reason_is_required(client_for, supervisor, cert_a):
    response = client_for(supervisor).post(step_url(cert_a, "withdraw"),
                                           {"reason": "  ", "on": _today()})
    assert response.status_code == 200
    assert response.context["form"].errors["reason_code"] == ["请选择理由"]
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_future_date_is_refused(client_for, supervisor, cert_a):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client_for(supervisor).post(step_url(cert_a, "suspend"),
                                           {"reason": "理由", "on": tomorrow})
    assert response.status_code == 200 and response.context["form"].errors["on"]


def test_wrong_state_shows_a_message_and_changes_nothing(client_for, supervisor, cert_a):
    client = client_for(supervisor)
    response = client.post(step_url(cert_a, "restore"), {"reason": "整改完成", "on": _today()})
    # The form asks the lifecycle rules first, and shows the refusal on the page.
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能执行" in page and "恢复" in page
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID
    assert cert_a.events.count() == 1
    assert not AuditEntry.objects.filter(action="certificate.restore").exists()


def test_renew_defaults_to_the_schemes_validity(client_for, supervisor, cert_a):
    response = client_for(supervisor).post(step_url(cert_a, "renew"), {
        "reason": "再认证审核通过", "on": "2025-12-20", "expires_on": ""})
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert (cert_a.issued_on, cert_a.expires_on) == (dt.date(2025, 12, 20), dt.date(2028, 12, 19))
    assert cert_a.events.filter(kind=EventKind.RENEW).count() == 1


def test_surveillance_records_the_audit_date(client_for, supervisor, cert_a):
    response = client_for(supervisor).post(step_url(cert_a, "surveillance"),
                                           {"reason": "第一次监督审核", "on": "2025-06-01"})
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.last_surveillance_on == dt.date(2025, 6, 1)


def test_another_bodys_certificate_is_404(client_for, cb_bob, cert_a):
    response = client_for(cb_bob).post(step_url(cert_a, "suspend"),
                                       {"reason": "恶意", "on": _today()})
    assert response.status_code == 404
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_unknown_step_is_404(client_for, supervisor, cert_a):
    assert client_for(supervisor).get(step_url(cert_a, "delete")).status_code == 404


def test_wrong_method_is_405(client_for, supervisor, cert_a):
    assert client_for(supervisor).put(step_url(cert_a, "suspend")).status_code == 405


def test_step_page_offers_only_steps_allowed_from_the_state(client_for, supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    text = client_for(supervisor).get(f"/admin/registry/certificate/{cert_a.pk}/change/"
                                      ).content.decode()
    assert "/step/restore/" in text and "/step/withdraw/" in text
    assert "/step/suspend/" not in text and "/step/renew/" not in text



def test_step_page_for_a_step_the_state_forbids_offers_no_form(client_for, supervisor, cert_a):
    # Reached by a bookmark or an old tab: a cancelled certificate cannot be
    # suspended, so the page says why and offers only the way back.
    actions.cancel_certificate(cert_a, reason="注销", actor=as_actor(supervisor))
    text = client_for(supervisor).get(step_url(cert_a, "suspend")).content.decode()
    assert 'id="nothing-allowed"' in text and "不能执行“暂停”" in text
    assert "<form method=\"post\"" not in text and "签署并执行" not in text
    assert f'href="/admin/registry/certificate/{cert_a.pk}/change/" class="button"' in text


def test_back_dated_step_is_a_form_error(client_for, supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=dt.date(2025, 9, 1), decision=any_decision())
    response = client_for(supervisor).post(step_url(cert_a, "withdraw"),
                                           {"reason": "严重不符合", "on": "2025-08-01"})
    assert response.status_code == 200
    [error] = response.context["form"].errors["on"]
    assert "变更日期早于证书当前状态的日期（2025-09-01）" in error
    assert "the step is dated" not in error  # one language per screen
    assert "变更日期早于证书当前状态的日期" in response.content.decode()
    cert_a.refresh_from_db()
    assert cert_a.status == S.SUSPENDED and cert_a.events.count() == 2
    assert not AuditEntry.objects.filter(action="certificate.withdraw").exists()


def test_back_dated_renewal_is_a_form_error(client_for, supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=dt.date(2025, 6, 1), decision=any_decision())
    actions.restore_certificate(cert_a, reason="恢复", actor=as_actor(supervisor), on=dt.date(2025, 9, 1))
    response = client_for(supervisor).post(step_url(cert_a, "renew"),
                                           {"reason": "再认证", "on": "2025-08-01"})
    assert response.status_code == 200
    assert "2025-09-01" in response.context["form"].errors["on"][0]
    cert_a.refresh_from_db()
    assert cert_a.issued_on == dt.date(2025, 1, 10)


def test_step_on_the_day_of_the_current_state_is_done(client_for, supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=dt.date(2025, 9, 1), decision=any_decision())
    response = client_for(supervisor).post(step_url(cert_a, "withdraw"),
                                           {"reason_code": "serious_nonconformity",
                                            "on": "2025-09-01", **DECISION})
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert (cert_a.status, cert_a.status_changed_on) == (S.WITHDRAWN, dt.date(2025, 9, 1))


def test_bulk_step_back_dated_for_one_certificate(client_for, supervisor, issue, body_a, holder,
                                                  cert_a):
    other = issue(body_a, holder, "SECOND-1")
    actions.suspend_certificate(other, reason="暂停", actor=as_actor(supervisor), on=dt.date(2025, 9, 1), decision=any_decision())
    client = client_for(supervisor)
    response = _bulk(client, [cert_a, other], "withdraw", apply="1", reason_code="other",
                     reason="撤销", on="2025-08-01", **DECISION)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "SECOND-1" in page and "变更日期早于证书当前状态的日期（2025-09-01）" in page
    cert_a.refresh_from_db()
    other.refresh_from_db()
    assert (cert_a.status, other.status) == (S.WITHDRAWN, S.SUSPENDED)


# The decision a bureau clerk names to suspend or withdraw a body's certificate.
DECISION = {"decision_number": "津滨市监认决〔2025〕9号", "decision_date": "2025-01-10"}


# -- bulk actions from the list -------------------------------------------------

def _bulk(client, certs, action, **form):
    data = {"action": action, "_selected_action": [str(c.pk) for c in certs], **form}
    return client.post(CHANGELIST, data)


def test_bulk_action_shows_the_intermediate_form_first(client_for, supervisor, cert_a):
    response = _bulk(client_for(supervisor), [cert_a], "suspend")
    assert response.status_code == 200
    assert response.templates[0].name == "admin/registry/certificate/step.html"
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_bulk_suspend_with_reason(client_for, supervisor, issue, body_a, holder, cert_a):
    other = issue(body_a, holder, "SECOND-1")
    response = _bulk(client_for(supervisor), [cert_a, other], "suspend", apply="1",
                     reason_code="other", reason="专项检查发现问题", on=_today(), **DECISION)
    assert response.status_code == 302
    for cert in (cert_a, other):
        cert.refresh_from_db()
        assert cert.status == S.SUSPENDED
    assert AuditEntry.objects.filter(action="certificate.suspend").count() == 2


def test_bulk_with_one_in_the_wrong_state(client_for, supervisor, issue, body_a, holder, cert_a):
    other = issue(body_a, holder, "SECOND-1")
    actions.withdraw_certificate(other, reason="撤销", actor=as_actor(supervisor), decision=any_decision())
    client = client_for(supervisor)
    response = _bulk(client, [cert_a, other], "suspend", apply="1",
                     reason_code="sampling_failed", on=_today(), **DECISION)
    page = client.get(response["Location"]).content.decode()
    assert "SECOND-1" in page and "不能执行" in page
    cert_a.refresh_from_db()
    other.refresh_from_db()
    assert (cert_a.status, other.status) == (S.SUSPENDED, S.WITHDRAWN)


def test_bulk_ignores_another_bodys_certificates(client_for, cb_bob, cert_a, cert_b):
    response = _bulk(client_for(cb_bob), [cert_a, cert_b], "cancel", apply="1",
                     reason_code="holder_asked_cancellation", on=_today())
    assert response.status_code == 302
    cert_a.refresh_from_db()
    cert_b.refresh_from_db()
    assert (cert_a.status, cert_b.status) == (S.VALID, S.CANCELLED)


@pytest.mark.parametrize("code", ["suspend", "restore", "withdraw", "cancel", "surveillance"])
def test_every_bulk_step_is_offered(client_for, supervisor, cert_a, code):
    text = client_for(supervisor).get(CHANGELIST).content.decode()
    assert f'value="{code}"' in text


def test_step_form_checks_the_date_order_of_its_certificate(supervisor, cert_a):
    from qualitycert.registry.admin.lifecycle import STEPS, make_form

    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=dt.date(2025, 9, 1), decision=any_decision())
    data = {"reason_code": "other", "reason": "理由", "on": "2025-08-01"}
    form = make_form(STEPS["withdraw"], data, certificate=cert_a, actor=as_actor(supervisor))
    assert not form.is_valid()
    assert "变更日期早于证书当前状态的日期（2025-09-01）" in form.errors["on"][0]
    # A bulk step (no one certificate): the action checks each certificate.
    assert make_form(STEPS["withdraw"], data).is_valid()


def test_in_english_steps_are_verbs_and_states_are_states(client_for, supervisor, cert_a, issue,
                                                           body_a, holder):
    # 撤销 and 注销 once read "Revoke" and "Withdraw" both as buttons and as
    # states, so a withdrawn certificate's badge said "Revoke" and the button
    # that cancels one said "Withdraw".
    client = client_for(supervisor)
    change = client.get(f"/admin/registry/certificate/{cert_a.pk}/change/",
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code, verb in (("suspend", "Suspend"), ("withdraw", "Withdraw"), ("cancel", "Cancel")):
        assert re.search(rf'href="[^"]*/step/{code}/"[^>]*>\s*{verb}\s*<', change), code
    other = issue(body_a, holder, "SECOND-1")
    actions.withdraw_certificate(other, reason="撤销", actor=as_actor(supervisor),
                                 decision=any_decision())
    actions.cancel_certificate(cert_a, reason="注销", actor=as_actor(supervisor))
    with translation.override("en"):
        assert CertificateStatus(other.status).label == "Withdrawn"
        assert CertificateStatus(cert_a.status).label == "Cancelled"
    page = client.get(step_url(other, "suspend"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Suspend" in page or ">Suspend<" in page
    assert "Withdrawn" in page and "Revoke" not in page
