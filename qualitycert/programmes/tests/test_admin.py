from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MODELS = ["designation", "giproduct", "qualitymark", "certificateparticulars",
          "editiontransition", "trainingsession", "bodyperson", "bodycommitment", "bodyfinding",
          "adoption", "keyenergyuser", "departmentqms"]


@pytest.mark.parametrize("model", MODELS)
def test_bureau_opens_every_list_and_form(client_for, supervisor, planted, model):
    client = client_for(supervisor)
    assert client.get(f"/admin/programmes/{model}/").status_code == 200
    assert client.get(f"/admin/programmes/{model}/add/").status_code == 200


def test_others_are_kept_out(client_for, cb_alice, dept_user, plan):
    for user in (cb_alice, dept_user):
        assert client_for(user).get("/admin/programmes/designation/").status_code in (302, 403)


def test_adding_a_gi_product_is_audited(client_for, supervisor, plan):
    response = client_for(supervisor).post("/admin/programmes/giproduct/add/", {
        "kind": "protected_product", "name": "茶淀玫瑰香葡萄", "area": "滨海新区汉沽",
        "authority": "国家知识产权局", "registration_number": "2024-001",
        "registered_on": dt.date(2024, 5, 1).isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.filter(action="admin.add",
                                     object_type="programmes.giproduct").exists()
