"""The 历史 (history) button shows the object's lifecycle from our audit log
(issue 11, item 6: it said "no history" right after a suspension)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.testing.fixtures import bureau_decision

pytestmark = pytest.mark.django_db


def _url(cert) -> str:
    return f"/admin/registry/certificate/{cert.pk}/history/"


def _suspend(cert, who, reason="未按期接受监督审核"):
    from qualitycert.registry import actions

    today = timezone.localdate()
    return actions.suspend_certificate(cert, reason=reason, on=today, actor=Actor.of(who),
                                       decision=bureau_decision(today))


def test_right_after_a_suspension_the_history_shows_it(client_for, supervisor, cert_a):
    from qualitycert.audit.models import AuditEntry
    from qualitycert.backoffice.display import local_datetime

    _suspend(cert_a, supervisor)
    entry = AuditEntry.objects.get(action="certificate.suspend")
    response = client_for(supervisor).get(_url(cert_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "暂停证书" in page and "颁发证书" in page
    assert "未按期接受监督审核" in page and "王监管" in page
    assert local_datetime(entry.at) in page
    assert "+00:00" not in page and "没有修改历史" not in page
    # Oldest first, as a lifecycle reads; each row opens the full entry for the bureau.
    assert page.index("颁发证书") < page.index("暂停证书")
    assert f"/admin/audit/auditentry/{entry.pk}/change/" in page


def test_a_body_clerk_reads_the_history_of_its_own_certificate(client_for, supervisor,
                                                              cb_alice, cert_a):
    _suspend(cert_a, supervisor)
    response = client_for(cb_alice).get(_url(cert_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "暂停证书" in page
    # The audit log itself is the bureau's to read: no links into it.
    assert "/admin/audit/auditentry/" not in page


def test_another_bodys_certificate_is_a_404(client_for, cb_bob, cert_a):
    assert client_for(cb_bob).get(_url(cert_a)).status_code == 404


@pytest.mark.parametrize("persona", ["inspector", "dept_user"])
def test_roles_outside_the_back_office_are_sent_to_log_in(request, client_for, persona, cert_a):
    response = client_for(request.getfixturevalue(persona)).get(_url(cert_a))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_role_without_certificates_gets_nothing(client_for, security_admin, cert_a):
    assert client_for(security_admin).get(_url(cert_a)).status_code in (403, 404)


def test_the_history_answers_only_get(client_for, supervisor, cert_a):
    client = client_for(supervisor)
    assert client.post(_url(cert_a)).status_code == 405
    assert client.head(_url(cert_a)).status_code == 200


def test_a_reason_is_shown_as_text_never_as_markup(client_for, supervisor, cert_a):
    _suspend(cert_a, supervisor, reason="<script>alert(1)</script> 与 & 符号")
    page = client_for(supervisor).get(_url(cert_a)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_object_with_no_entries_says_so(client_for, supervisor, body_a):
    page = client_for(supervisor).get(
        f"/admin/registry/certificationbody/{body_a.pk}/history/").content.decode()
    assert "审计日志中还没有此对象的记录" in page


def test_back_office_edits_show_in_the_history(client_for, admin_user, body_a):
    from qualitycert.audit.chain import append

    append(action="admin.change", object_type="registry.certificationbody",
           object_id=str(body_a.pk), object_repr=body_a.name, actor=Actor.of(admin_user),
           reason="更正地址")
    page = client_for(admin_user).get(
        f"/admin/registry/certificationbody/{body_a.pk}/history/").content.decode()
    assert "后台修改" in page and "更正地址" in page


def test_in_english_the_actions_are_english(client_for, supervisor, cert_a):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get(_url(cert_a)).content.decode()
    assert "Certificate issued" in page and "颁发证书" not in page


def test_forgery_reports_have_a_history_too(client_for, supervisor):
    from qualitycert.verification import actions

    report = actions.submit_forgery_report(certificate_number="FAKE-001",
                                           claimed_holder="某公司", description="招标文件中出现")
    client = client_for(supervisor)
    page = client.get(f"/admin/verification/forgeryreport/{report.pk}/history/").content.decode()
    assert "收到伪造证书举报" in page
    assert client.get("/admin/verification/forgeryreport/999999/history/").status_code == 404


def test_history_is_paged(client_for, supervisor, cert_a, monkeypatch):
    from qualitycert.audit.chain import append
    from qualitycert.backoffice import history

    monkeypatch.setattr(history, "PER_PAGE", 2)
    for n in range(3):
        append(action="certificate.correct", object_type="registry.certificate",
               object_id=str(cert_a.pk), object_repr=cert_a.number,
               actor=Actor.of(supervisor), reason=f"更正{n}")
    client = client_for(supervisor)
    first = client.get(_url(cert_a)).content.decode()
    assert "共 4 条记录" in first and "?p=2" in first
    second = client.get(_url(cert_a) + "?p=2").content.decode()
    assert "更正2" in second and "更正0" not in second


def test_times_are_local(client_for, supervisor, cert_a):
    from qualitycert.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="certificate.issue")
    local = timezone.localtime(entry.at)
    assert local.utcoffset() == dt.timedelta(hours=8)
    page = client_for(supervisor).get(_url(cert_a)).content.decode()
    assert f"{local:%H:%M}" in page
