"""Certification bodies (with their scheme approvals), labs and schemes."""

import pytest

from qualitycert.accounts.models import User
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.models import BodySchemeApproval, Lab, Scheme

from .admin_forms import form_data

BODIES = "/admin/registry/certificationbody/"
LABS = "/admin/registry/lab/"
SCHEMES = "/admin/registry/scheme/"


def _listed(response):
    return {o.pk for o in response.context["cl"].result_list}


@pytest.fixture
def lab(db):
    return Lab.objects.create(cma_number="240012345678", name="滨海检测中心")


@pytest.fixture
def other_lab(db):
    return Lab.objects.create(cma_number="240012349999", name="塘沽检测站")


@pytest.fixture
def lab_user(lab):
    return User.objects.create_user("lab_op", password="x-long-password", role="lab_operator",
                                    lab=lab, is_staff=True)


def test_body_page_shows_its_scheme_approvals(client_for, supervisor, body_a):
    response = client_for(supervisor).get(f"{BODIES}{body_a.pk}/change/")
    assert response.status_code == 200
    assert "批准认证领域" in response.content.decode()
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 6


def test_search_body_by_fullwidth_approval_number(client_for, supervisor, body_a, body_b):
    response = client_for(supervisor).get(BODIES, {"q": "ｃｎｃａ－ｒ－２００２－００１"})
    assert _listed(response) == {body_a.pk}
    assert _listed(client_for(supervisor).get(BODIES, {"q": "乙认证"})) == {body_b.pk}


def test_cb_sees_only_its_own_body_read_only(client_for, cb_bob, body_a, body_b):
    client = client_for(cb_bob)
    assert _listed(client.get(BODIES)) == {body_b.pk}
    assert client.get(f"{BODIES}{body_a.pk}/change/").status_code == 404
    page = client.get(f"{BODIES}{body_b.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"{BODIES}{body_b.pk}/change/", {"name": "改名"}).status_code == 403


def test_adding_a_scheme_approval_is_audited(client_for, supervisor, body_b):
    client = client_for(supervisor)
    url = f"{BODIES}{body_b.pk}/change/"
    data = form_data(client.get(url), "certificationbody_form")
    n = int(data["approvals-TOTAL_FORMS"][0])
    data.update({"approvals-TOTAL_FORMS": str(n + 1),
                 f"approvals-{n}-scheme": str(Scheme.objects.get(code="ISO14001").pk),
                 f"approvals-{n}-valid_from": "2024-01-01", f"approvals-{n}-valid_until": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert BodySchemeApproval.objects.filter(body=body_b, scheme__code="ISO14001").exists()
    entry = AuditEntry.objects.get(action="admin.add",
                                   object_type="registry.bodyschemeapproval")
    assert entry.actor == supervisor and entry.after["valid_from"] == "2024-01-01"


def test_lab_operator_sees_its_own_lab_only(client_for, lab_user, lab, other_lab):
    client = client_for(lab_user)
    assert _listed(client.get(LABS)) == {lab.pk}
    assert client.get(f"{LABS}{other_lab.pk}/change/").status_code == 404
    assert client.get(f"{LABS}{lab.pk}/change/").status_code == 200
    assert client.get(BODIES).status_code == 403


def test_cb_cannot_see_labs(client_for, cb_alice, lab):
    client = client_for(cb_alice)
    assert client.get(LABS).status_code == 403
    assert client.get(f"{LABS}{lab.pk}/change/").status_code == 404


def test_search_lab_by_cma_number_with_spaces(client_for, supervisor, lab, other_lab):
    assert _listed(client_for(supervisor).get(LABS, {"q": "2400 1234 5678"})) == {lab.pk}


def test_schemes_are_read_only_for_supervisors_and_cbs(client_for, supervisor, cb_alice):
    scheme = Scheme.objects.get(code="ISO9001")
    for user in (supervisor, cb_alice):
        client = client_for(user)
        assert client.get(SCHEMES).status_code == 200
        page = client.get(f"{SCHEMES}{scheme.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.get(f"{SCHEMES}add/").status_code == 403


def test_schemes_filter_by_category(client_for, supervisor):
    response = client_for(supervisor).get(SCHEMES, {"category__exact": "food_agri"})
    codes = {s.code for s in response.context["cl"].result_list}
    assert "ORGANIC" in codes and "ISO9001" not in codes


def test_nobody_deletes_a_scheme(client_for, admin_user):
    scheme = Scheme.objects.get(code="ISO9001")
    assert client_for(admin_user).post(f"{SCHEMES}{scheme.pk}/delete/",
                                       {"post": "yes"}).status_code == 403
    assert Scheme.objects.filter(pk=scheme.pk).exists()


def test_removing_a_scheme_approval_is_audited(client_for, supervisor, body_b):
    client = client_for(supervisor)
    url = f"{BODIES}{body_b.pk}/change/"
    approval = BodySchemeApproval.objects.get(body=body_b, scheme__code="HACCP")
    data = form_data(client.get(url), "certificationbody_form")
    index = next(i for i in range(int(data["approvals-TOTAL_FORMS"][0]))
                 if data[f"approvals-{i}-id"] == [str(approval.pk)])
    data[f"approvals-{index}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not BodySchemeApproval.objects.filter(pk=approval.pk).exists()
    entry = AuditEntry.objects.get(action="admin.delete",
                                   object_type="registry.bodyschemeapproval")
    assert entry.object_id == str(approval.pk) and entry.before["scheme"]["id"] == approval.scheme_id


def test_search_body_by_name_as_stored_with_fullwidth_brackets(client_for, supervisor, body_a,
                                                               body_b):
    assert _listed(client_for(supervisor).get(BODIES, {"q": "甲认证有限公司（测试）"})) == {body_a.pk}


def test_search_scheme_by_code_typed_loosely(client_for, supervisor):
    response = client_for(supervisor).get(SCHEMES, {"q": " ｉｓｏ９００１ "})
    assert {s.code for s in response.context["cl"].result_list} == {"ISO9001"}
