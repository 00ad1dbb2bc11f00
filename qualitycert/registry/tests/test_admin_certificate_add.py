"""Adding a certificate in the back office goes through issue_certificate."""

import datetime as dt

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.models import Certificate, EventKind, Scheme

from .admin_forms import form_data

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db

URL = "/admin/registry/certificate/add/"


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _post(client, **fields):
    page = client.get(URL)
    assert page.status_code == 200
    values = {"number": "2025-Q-0001", "scheme": str(Scheme.objects.get(code="ISO9001").pk),
              "issued_on": "2025-03-01", "expires_on": "", "scope": "阀门的生产",
              "sites": "", "reason": ""}
    values.update(fields)
    return client.post(URL, form_data(page, "certificate_form", **values))


def test_bureau_issues_through_the_action(client_for, supervisor, body_a, holder):
    response = _post(client_for(supervisor), body=str(body_a.pk),
                     holder_uscc=_fullwidth(holder.uscc.lower()), number="2025-q-0001",
                     sites="一号厂区\n二号厂区")
    assert response.status_code == 302
    cert = Certificate.objects.get(body=body_a, number="2025-Q-0001")
    assert cert.holder == holder and cert.sites == ["一号厂区", "二号厂区"]
    # The scheme's three years, to the day before the anniversary.
    assert cert.expires_on == dt.date(2028, 2, 29)
    event = cert.events.get()
    assert event.kind == EventKind.ISSUE and event.signed_by == supervisor
    assert AuditEntry.objects.filter(action="certificate.issue", object_id=str(cert.pk),
                                     actor=supervisor).exists()
    assert response["Location"] == "/admin/registry/certificate/"


def test_cb_issues_for_its_own_body_only(client_for, cb_alice, body_a, body_b, holder):
    client = client_for(cb_alice)
    page = client.get(URL).content.decode()
    assert body_a.name in page and body_b.name not in page
    refused = _post(client, body=str(body_b.pk), holder_uscc=holder.uscc)
    assert refused.status_code == 200
    assert not Certificate.objects.filter(body=body_b).exists()
    issued = _post(client, body=str(body_a.pk), holder_uscc=holder.uscc)
    assert issued.status_code == 302
    assert Certificate.objects.get(number="2025-Q-0001").body == body_a


def test_unknown_holder_is_a_form_error(client_for, supervisor, body_a):
    response = _post(client_for(supervisor), body=str(body_a.pk),
                     holder_uscc="91120116000000000X")
    assert response.status_code == 200
    assert "请先登记企业" in response.content.decode()
    assert not Certificate.objects.exists()


def test_duplicate_number_is_a_form_error(client_for, supervisor, body_a, holder, cert_a):
    response = _post(client_for(supervisor), body=str(body_a.pk), holder_uscc=holder.uscc,
                     number=cert_a.number.lower())
    assert response.status_code == 200
    assert Certificate.objects.filter(body=body_a).count() == 1
    assert response.context["adminform"].form.errors


def test_expiry_before_issue_is_a_form_error(client_for, supervisor, body_a, holder):
    response = _post(client_for(supervisor), body=str(body_a.pk), holder_uscc=holder.uscc,
                     expires_on="2024-01-01")
    assert response.status_code == 200
    assert "有效期至必须晚于颁证日期" in response.content.decode()
    assert not Certificate.objects.exists()


def test_registry_error_from_the_action_is_a_message_not_a_500(
        client_for, supervisor, body_a, holder, monkeypatch):
    from qualitycert.registry import actions

    def refuse(**kwargs):
        raise actions.RegistryError("该机构已有编号为X的证书 the body already has it")

    monkeypatch.setattr(actions, "issue_certificate", refuse)
    client = client_for(supervisor)
    response = _post(client, body=str(body_a.pk), holder_uscc=holder.uscc)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "该机构已有编号为X的证书" in followed.content.decode()
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "enterprise_user"])
def test_other_roles_cannot_add(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
