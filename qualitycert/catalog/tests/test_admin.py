"""The catalogue in the back office: bureau staff add changes through the
action (rules, audit), nobody edits a change afterwards, other roles see
nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog.models import CategoryChange, CertificateCategory
from qualitycert.testing.actors import as_actor

ADD = "/admin/catalog/categorychange/add/"


def change_form(catalogue, **overrides):  # type: ignore[no-untyped-def]
    data = {"category": catalogue["categories"]["0301"].pk, "effective_from": "2027-01-01",
            "route": "self_declaration_designated", "risk_level": "medium",
            "standards": "GB/T 7251.1-2023\nGB/T 7251.12-2013",
            "announcement": catalogue["announcements"]["move"].pk, "note": "示例"}
    data.update(overrides)
    return data


def test_supervisor_adds_a_change_through_the_action(client_for, supervisor, catalogue):
    response = client_for(supervisor).post(ADD, change_form(catalogue))
    assert response.status_code == 302, response.content.decode()[:2000]
    change = CategoryChange.objects.get(effective_from=dt.date(2027, 1, 1))
    assert change.standards == ["GB/T 7251.1-2023", "GB/T 7251.12-2013"]
    assert change.recorded_by == supervisor
    assert AuditEntry.objects.filter(action="catalog.change.record").count() == 1


@pytest.mark.parametrize(("overrides", "words"), [
    ({"effective_from": "2002-05-01"}, "已有一项调整"),
    ({"from_production_licence": "on"}, "过渡期"),
])
def test_a_bad_change_is_refused_on_the_form(client_for, supervisor, catalogue, overrides, words):
    response = client_for(supervisor).post(ADD, change_form(catalogue, **overrides))
    assert response.status_code == 200 and words in response.content.decode()
    assert not AuditEntry.objects.filter(action="catalog.change.record").exists()


def test_a_change_is_never_edited(client_for, supervisor, catalogue):
    change = CategoryChange.objects.filter(category__code="0501").first()
    url = f"/admin/catalog/categorychange/{change.pk}/change/"
    response = client_for(supervisor).post(url, change_form(catalogue, route="removed"))
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.route == "certification"


@pytest.mark.parametrize("persona", ["cb_alice", "lab_user", "enterprise_user", None])
def test_other_roles_see_nothing(client_for, request, catalogue, persona):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    for url in ("/admin/catalog/categorychange/", ADD, "/admin/catalog/productcategory/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_linking_only_ccc_certificates(client_for, supervisor, catalogue, cert_a,
                                       ccc_certificate, holder):
    url = "/admin/catalog/certificatecategory/add/"
    client = client_for(supervisor)
    refused = client.post(url, {"certificate": cert_a.pk,
                                "category": catalogue["categories"]["0301"].pk})
    assert refused.status_code == 200 and "CCC" in refused.content.decode()
    assert not CertificateCategory.objects.exists()
    ccc = ccc_certificate(holder, catalogue["categories"]["0301"])
    CertificateCategory.objects.all().delete()
    assert client.post(url, {"certificate": ccc.pk,
                             "category": catalogue["categories"]["0301"].pk}).status_code == 302
    assert CertificateCategory.objects.get().certificate == ccc


def test_link_by_number(catalogue, issue, body_a, holder, supervisor):
    from qualitycert.catalog.actions import link_ccc_certificates_by_number

    ccc = issue(body_a, holder, "2021010301000123", scheme="CCC", issued_on=dt.date(2021, 1, 1))
    issue(body_a, holder, "2021019999000123", scheme="CCC", issued_on=dt.date(2021, 1, 1))
    issue(body_a, holder, "Q-0301-1", issued_on=dt.date(2021, 1, 1))
    assert link_ccc_certificates_by_number(actor=as_actor(supervisor)) == 1
    assert CertificateCategory.objects.get().certificate == ccc
    assert link_ccc_certificates_by_number(actor=as_actor(supervisor)) == 0
