"""Standard grounds for suspending, withdrawing, restoring and cancelling
(issue 11): the clerk picks one from a list ("other" needs words), the
record keeps the code beside a Chinese sentence, and readers see the ground
in their own language. Older free-text reasons stay as they are."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.models import (
    REASONS,
    CertificateStatus,
    EventKind,
    ReasonCode,
    StepRefused,
    display_reason,
)
from qualitycert.testing.actors import any_decision, as_actor

S = CertificateStatus


def step_url(cert, code):
    return f"/admin/registry/certificate/{cert.pk}/step/{code}/"


def _today():
    return timezone.localdate().isoformat()


# -- the lists -------------------------------------------------------------------------

def test_every_list_ends_in_other_and_has_an_english_label():
    for kind, codes in REASONS.items():
        assert codes[-1] == ReasonCode.OTHER and len(codes) == len(set(codes)) > 2, kind
        with translation.override("en"):
            for code in codes:
                label = str(code.label)
                assert label.isascii() and label != code.value, (kind, code)


# -- the actions -----------------------------------------------------------------------

def test_a_standard_ground_records_the_chinese_sentence_and_the_code(supervisor, cert_a):
    with translation.override("en"):  # the clerk's language does not change the record
        actions.suspend_certificate(cert_a, reason_code="surveillance_missed",
                                    actor=as_actor(supervisor), decision=any_decision())
    event = cert_a.events.get(kind=EventKind.SUSPEND)
    assert (event.reason, event.reason_code) == ("未按期接受监督审核", "surveillance_missed")
    cert_a.refresh_from_db()
    assert (cert_a.status_reason, cert_a.status_reason_code) == (
        "未按期接受监督审核", "surveillance_missed")
    entry = AuditEntry.objects.get(action="certificate.suspend", object_id=str(cert_a.pk))
    assert entry.reason == "未按期接受监督审核"
    assert entry.after["reason_code"] == "surveillance_missed"


def test_a_note_follows_the_ground(supervisor, cert_a):
    actions.withdraw_certificate(cert_a, reason_code="major_incident", reason=" 2025年召回事件 ",
                                 actor=as_actor(supervisor), decision=any_decision())
    cert_a.refresh_from_db()
    assert cert_a.status_reason == "发生重大质量安全事故：2025年召回事件"
    with translation.override("en"):
        assert cert_a.status_reason_display() == "Major quality or safety incident: 2025年召回事件"
    assert cert_a.status_reason_display() == "发生重大质量安全事故：2025年召回事件"


def test_other_needs_words(supervisor, cert_a):
    with pytest.raises(StepRefused) as refused:
        actions.cancel_certificate(cert_a, reason_code="other", reason="  ",
                                   actor=as_actor(supervisor))
    assert refused.value.code == "reason_required"
    actions.cancel_certificate(cert_a, reason_code="other", reason="企业合并",
                               actor=as_actor(supervisor))
    cert_a.refresh_from_db()
    assert (cert_a.status, cert_a.status_reason, cert_a.status_reason_code) == (
        S.CANCELLED, "企业合并", "other")


def test_a_ground_of_another_step_is_refused_by_name(supervisor, cert_a):
    with pytest.raises(StepRefused) as refused:
        actions.suspend_certificate(cert_a, reason_code="not_corrected",
                                    actor=as_actor(supervisor), decision=any_decision())
    assert refused.value.code == "unknown_reason_code"
    assert "not_corrected" in str(refused.value)
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID and cert_a.events.count() == 1


def test_free_text_without_a_code_stays_valid(supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason="未按期监督审核 overdue", actor=as_actor(supervisor),
                                decision=any_decision())
    cert_a.refresh_from_db()
    assert (cert_a.status_reason, cert_a.status_reason_code) == ("未按期监督审核 overdue", "")
    with translation.override("en"):
        assert cert_a.status_reason_display() == "未按期监督审核 overdue"


def test_display_leaves_a_sentence_it_did_not_write_alone():
    # A code whose stored sentence is not the label (edited data, an import).
    assert display_reason("surveillance_missed", "另有说明") == "另有说明"
    assert display_reason("no_such_code", "原文") == "原文"
    with translation.override("en"):
        assert display_reason("other", "企业合并") == "企业合并"
        assert display_reason("corrected", "整改完成并经认证机构验证") == (
            "Corrective actions completed and verified by the certification body")


# -- the back office -------------------------------------------------------------------

def test_the_step_page_offers_the_grounds_in_chinese(client_for, cb_alice, cert_a):
    response = client_for(cb_alice).get(step_url(cert_a, "suspend"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<select name="reason_code"' in page
    assert "未按期接受监督审核" in page and "其他（请说明）" in page
    assert "Surveillance audit" not in page
    # The select holds this step's grounds only.
    assert "暂停期满未整改" not in page
    assert "签署并执行：暂停" in page


def test_the_step_page_offers_the_grounds_in_english(client_for, cb_alice, cert_a):
    page = client_for(cb_alice).get(step_url(cert_a, "withdraw"),
                                    HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not corrected by the end of the suspension" in page and "Other (please explain)" in page
    assert "暂停期满未整改" not in page


def test_surveillance_asks_for_words_not_a_ground(client_for, cb_alice, cert_a):
    page = client_for(cb_alice).get(step_url(cert_a, "surveillance")).content.decode()
    assert 'name="reason_code"' not in page and 'name="reason"' in page


def test_other_without_words_is_a_form_error(client_for, cb_alice, cert_a):
    response = client_for(cb_alice).post(step_url(cert_a, "suspend"),
                                         {"reason_code": "other", "reason": " ", "on": _today()})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["必须填写理由"]
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_a_posted_ground_of_another_step_is_a_form_error(client_for, cb_alice, cert_a):
    response = client_for(cb_alice).post(step_url(cert_a, "suspend"),
                                         {"reason_code": "not_corrected", "on": _today()})
    assert response.status_code == 200 and response.context["form"].errors["reason_code"]
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_the_clerk_picks_a_ground_with_a_note(client_for, cb_alice, cert_a):
    client = client_for(cb_alice)
    response = client.post(step_url(cert_a, "suspend"), {
        "reason_code": "sampling_failed", "reason": "2025年第二批次", "on": _today()})
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.status_reason == "产品质量监督抽查不合格：2025年第二批次"
    page = client.get(f"/admin/registry/certificate/{cert_a.pk}/change/").content.decode()
    assert "产品质量监督抽查不合格：2025年第二批次" in page


@pytest.mark.parametrize("persona", ["cb_bob", "inspector", "enterprise_user"])
def test_the_step_is_not_for_others(request, client_for, cert_a, persona):
    response = client_for(request.getfixturevalue(persona)).post(
        step_url(cert_a, "suspend"), {"reason_code": "surveillance_missed", "on": _today()})
    # Another body's clerk: 404; a role without the back office: the login page.
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    cert_a.refresh_from_db()
    assert cert_a.status == S.VALID


def test_wrong_method(client_for, cb_alice, cert_a):
    assert client_for(cb_alice).delete(step_url(cert_a, "suspend")).status_code == 405


# -- the public page, the command ------------------------------------------------------

def test_the_public_page_says_the_ground_in_the_readers_language(client, supervisor, cert_a):
    actions.suspend_certificate(cert_a, reason_code="misused_mark", actor=as_actor(supervisor),
                                on=dt.date(2025, 6, 1), decision=any_decision())
    url = f"/c/{cert_a.body.approval_number}/{cert_a.number}/"
    assert "获证组织未按规定使用认证证书或认证标志" in client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "was not used as the rules require" in english
    assert "获证组织未按规定使用认证证书或认证标志" not in english


def test_the_command_takes_a_code(supervisor, cert_a):
    call_command("certificate_step", "cancel", cert_a.number, "--body", cert_a.body.approval_number,
                 "--signer", supervisor.username, "--reason-code", "holder_asked_cancellation")
    cert_a.refresh_from_db()
    assert (cert_a.status_reason, cert_a.status_reason_code) == (
        "获证组织申请注销", "holder_asked_cancellation")


def test_the_command_refuses_a_code_for_surveillance(supervisor, cert_a):
    with pytest.raises(CommandError):
        call_command("certificate_step", "surveillance", cert_a.number, "--body",
                     cert_a.body.approval_number, "--signer", supervisor.username,
                     "--reason-code", "other", "--reason", "x")


def test_a_bodys_clerk_is_not_asked_for_a_bureau_decision(client_for, cb_alice, supervisor,
                                                          cert_a):
    assert 'name="decision_number"' not in client_for(cb_alice).get(
        step_url(cert_a, "suspend")).content.decode()
    assert 'name="decision_number"' in client_for(supervisor).get(
        step_url(cert_a, "suspend")).content.decode()


# -- one text that names a ground: the command line, an import cell ----------------------

@pytest.mark.parametrize(("given", "text", "code"), [
    ("surveillance_missed", "未按期接受监督审核", "surveillance_missed"),
    ("未按期接受监督审核", "未按期接受监督审核", "surveillance_missed"),
    ("监督审核不合格：第二次监督审核", "监督审核不合格：第二次监督审核", "surveillance_failed"),
    ("not_corrected", "not_corrected", ""),  # a ground of another step is just words here
    ("其他（请说明）", "其他（请说明）", ""),
])
def test_a_reason_in_one_text_may_name_a_ground(supervisor, cert_a, given, text, code):
    actions.suspend_certificate(cert_a, reason=given, actor=as_actor(supervisor),
                                decision=any_decision())
    cert_a.refresh_from_db()
    assert (cert_a.status_reason, cert_a.status_reason_code) == (text, code)


def test_an_import_names_grounds_by_code_or_label(tmp_path, supervisor, cert_a, body_a):
    from qualitycert.registry.importers import run_import
    from qualitycert.registry.models import Certificate

    from .import_files import cert_row, write_csv
    from .test_import_certificate_updates import row_for

    rows = [
        # An existing certificate suspended through the action …
        row_for(cert_a, status="suspended", status_changed_on="2025-06-01",
                status_reason="sampling_failed"),
        # … and new ones arriving withdrawn or cancelled, written in bulk.
        cert_row(1, status="withdrawn", status_changed_on="2025-06-01",
                 status_reason="暂停期满未整改或整改后仍不符合要求",
                 decision_number="津滨市监认决〔2025〕3号", decision_date="2025-05-30"),
        cert_row(2, status="cancelled", status_changed_on="2025-06-01",
                 status_reason="企业改制"),
    ]
    header = list(dict.fromkeys(k for row in rows for k in row))
    result = run_import("certificates", write_csv(tmp_path / "r.csv", rows, header=header),
                        actor=as_actor(supervisor))
    assert result.ok, result.errors.first
    cert_a.refresh_from_db()
    assert (cert_a.status_reason, cert_a.status_reason_code) == (
        "产品质量监督抽查不合格", "sampling_failed")
    withdrawn = Certificate.objects.get(number="Q00000001")
    event = withdrawn.events.get(kind=EventKind.WITHDRAW)
    assert (withdrawn.status_reason_code, event.reason_code) == ("not_corrected", "not_corrected")
    assert event.reason == "暂停期满未整改或整改后仍不符合要求"
    cancelled = Certificate.objects.get(number="Q00000002")
    assert (cancelled.status_reason, cancelled.status_reason_code) == ("企业改制", "")
