"""An enterprise's own declarations: list, file, read, withdraw — and nothing
of anybody else's."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qualitycert.catalog.models import SelfDeclaration

NEW = "/catalog/my/declarations/new/"


def form_data(catalogue, the_lab, **overrides):  # type: ignore[no-untyped-def]
    data = {"category": catalogue["categories"]["0501"].pk, "product": "手持式电钻",
            "models": "Z1J-10\nZ1J-13", "standards": "", "lab": the_lab.cma_number,
            "report_number": "T-2025-1", "report_date": "2025-02-20",
            "declared_on": "2025-03-01"}
    data.update(overrides)
    return data


def test_file_a_declaration(client_for, enterprise_user, catalogue, lab):
    client = client_for(enterprise_user)
    page = client.get(NEW).content.decode()
    # Only categories whose route today allows a declaration are offered.
    assert "0501 电钻" in page and "0301 低压成套开关设备" not in page
    response = client.post(NEW, form_data(catalogue, lab))
    declaration = SelfDeclaration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/catalog/my/declarations/{declaration.pk}/"
    assert declaration.models_list == ["Z1J-10", "Z1J-13"]
    assert declaration.enterprise == enterprise_user.enterprise
    listing = client.get("/catalog/my/declarations/").content.decode()
    assert declaration.number in listing


@pytest.mark.parametrize(("overrides", "words"), [
    ({"lab": "12345"}, "12位数字"),
    ({"lab": "241299990001"}, "没有该资质认定编号"),
    ({"declared_on": "2019-10-16", "report_date": "2019-10-01"}, "第三方认证"),
    ({"models": " \n "}, "型号"),
    ({"category": "999999"}, "选择"),
])
def test_bad_input_is_a_400_with_the_reason(client_for, enterprise_user, catalogue, lab,
                                            overrides, words):
    response = client_for(enterprise_user).post(NEW, form_data(catalogue, lab, **overrides))
    assert response.status_code == 400 and words in response.content.decode()
    assert not SelfDeclaration.objects.exists()


def test_withdraw_own_declaration(client_for, enterprise_user, catalogue, declare):
    d = declare(catalogue["categories"]["0501"])
    client = client_for(enterprise_user)
    assert client.get(f"/catalog/my/declarations/{d.pk}/withdraw/").status_code == 405
    assert client.post(f"/catalog/my/declarations/{d.pk}/withdraw/", {"reason": ""}).status_code == 400
    response = client.post(f"/catalog/my/declarations/{d.pk}/withdraw/", {"reason": "停产"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "withdrawn" and d.withdrawn_on == timezone.localdate()


def test_another_enterprise_gets_404(client_for, other_enterprise_user, catalogue, declare):
    d = declare(catalogue["categories"]["0501"])
    client = client_for(other_enterprise_user)
    assert client.get(f"/catalog/my/declarations/{d.pk}/").status_code == 404
    assert client.post(f"/catalog/my/declarations/{d.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert d.number not in client.get("/catalog/my/declarations/").content.decode()
    d.refresh_from_db()
    assert d.status == "valid"


@pytest.mark.parametrize("persona", ["supervisor", "lab_user", "cb_alice", "inspector"])
def test_other_roles_are_refused(client_for, request, catalogue, lab, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(catalogue, lab)).status_code == 403
    assert client.get("/catalog/my/declarations/").status_code == 403


def test_anonymous_goes_to_login(client, catalogue):
    response = client.get("/catalog/my/declarations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
