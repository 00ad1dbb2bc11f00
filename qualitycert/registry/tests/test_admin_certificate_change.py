"""The certificate page: who may open it, what may be edited, and how."""

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.models import CertificateEvent, EventKind

from .admin_forms import form_data


def change_url(cert):
    return f"/admin/registry/certificate/{cert.pk}/change/"


def post_change(client, cert, **fields):
    """Submit the change page as rendered, with `fields` typed over it."""
    page = client.get(change_url(cert))
    return client.post(change_url(cert), form_data(page, "certificate_form", **fields))


def test_bureau_opens_any_certificate(client_for, supervisor, cert_a):
    response = client_for(supervisor).get(change_url(cert_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert cert_a.number in text
    assert "证书历史" in text and "颁证" in text  # the read-only event history
    assert "/step/suspend/" in text  # lifecycle buttons for a valid certificate
    assert "/step/restore/" not in text


def test_cb_opens_its_own_certificate(client_for, cb_alice, cert_a):
    assert client_for(cb_alice).get(change_url(cert_a)).status_code == 200


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/", "step/suspend/"])
def test_another_bodys_certificate_is_404(client_for, cb_bob, cert_a, suffix):
    url = f"/admin/registry/certificate/{cert_a.pk}/{suffix}"
    client = client_for(cb_bob)
    response = client.get(url)
    assert response.status_code == 404
    assert cert_a.number not in response.content.decode()
    # Same answer as for a certificate that does not exist at all.
    assert client.get(f"/admin/registry/certificate/999999/{suffix}").status_code == 404


def test_another_bodys_certificate_cannot_be_changed_by_post(client_for, cb_bob, cert_a):
    response = client_for(cb_bob).post(change_url(cert_a), {
        "scope": "篡改", "sites": "", "correction_reason": "x"})
    assert response.status_code == 404
    cert_a.refresh_from_db()
    assert cert_a.scope == "测试范围"


def test_crafted_post_cannot_touch_action_owned_fields(client_for, supervisor, cert_a, body_b):
    fields = ("number", "status", "issued_on", "expires_on", "body_id", "status_reason",
              "status_signer_name", "last_surveillance_on", "holder_id", "scheme_id")
    before = {f: getattr(cert_a, f) for f in fields}
    response = post_change(client_for(supervisor), cert_a,
                           number="FORGED-1", status="withdrawn", issued_on="2001-01-01",
                           expires_on="2099-12-31", body=str(body_b.pk), status_reason="伪造",
                           status_signer_name="冒名", last_surveillance_on="2025-02-01")
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert {f: getattr(cert_a, f) for f in fields} == before
    assert cert_a.events.count() == 1  # only the issue event


def test_correcting_scope_needs_a_reason(client_for, supervisor, cert_a):
    response = post_change(client_for(supervisor), cert_a, scope="扩大后的范围",
                           correction_reason=" ")
    assert response.status_code == 200
    assert "更正须填写理由" in response.content.decode()
    cert_a.refresh_from_db()
    assert cert_a.scope == "测试范围"


def test_correcting_scope_and_sites_is_signed_and_audited(client_for, cb_alice, cert_a):
    response = post_change(client_for(cb_alice), cert_a, scope="机械零件的设计和生产",
                           sites="天津市滨海新区一号路1号\n\n二号路2号",
                           correction_reason="证书录入笔误")
    assert response.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.scope == "机械零件的设计和生产"
    assert cert_a.sites == ["天津市滨海新区一号路1号", "二号路2号"]
    event = cert_a.events.get(kind=EventKind.CORRECT)
    assert event.signed_by == cb_alice and event.reason == "证书录入笔误"
    assert event.details["scope"] == {"from": "测试范围", "to": "机械零件的设计和生产"}
    entry = AuditEntry.objects.get(action="certificate.correct", object_id=str(cert_a.pk))
    assert entry.actor == cb_alice and entry.before["scope"] == "测试范围"


def test_saving_without_changes_writes_nothing(client_for, supervisor, cert_a):
    response = post_change(client_for(supervisor), cert_a)
    assert response.status_code == 302
    assert CertificateEvent.objects.filter(certificate=cert_a).count() == 1
    assert not AuditEntry.objects.filter(action="certificate.correct").exists()


def test_certificates_cannot_be_deleted(client_for, admin_user, cert_a):
    client = client_for(admin_user)
    assert client.get(f"/admin/registry/certificate/{cert_a.pk}/delete/").status_code == 403
    assert client.post(f"/admin/registry/certificate/{cert_a.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    cert_a.refresh_from_db()


def test_roles_without_registry_access_get_403(client_for, supervisor, cert_a):
    from qualitycert.accounts.models import User
    from qualitycert.registry.models import Lab

    lab = Lab.objects.create(cma_number="240012345678", name="检测中心")
    lab_user = User.objects.create_user("lab", password="x", role="lab_operator", lab=lab,
                                        is_staff=True)
    # The lab operator may enter the back office but not the registry's certificates:
    # to them the certificate does not exist.
    assert client_for(lab_user).get(change_url(cert_a)).status_code == 404
