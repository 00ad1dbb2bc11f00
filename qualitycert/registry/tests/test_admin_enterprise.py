"""Enterprises in the back office: normalised search, scoping, audited edits."""

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.testing.factories import make_enterprise

from .admin_forms import form_data

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db

URL = "/admin/registry/enterprise/"


def _listed(response):
    return {e.pk for e in response.context["cl"].result_list}


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_fullwidth_uscc_in_the_search_box_finds_the_enterprise(client_for, supervisor, holder):
    make_enterprise("无关企业有限公司")
    term = "「" + _fullwidth(holder.uscc.lower()) + "」"
    assert _listed(client_for(supervisor).get(URL, {"q": term})) == {holder.pk}


def test_search_by_name_ignores_spacing_and_width(client_for, supervisor, holder):
    make_enterprise("无关企业有限公司")
    assert _listed(client_for(supervisor).get(URL, {"q": "滨海　测试 制造"})) == {holder.pk}


def test_search_by_former_name(client_for, supervisor):
    renamed = make_enterprise("新名称科技有限公司", former_names=["天津老字号机械厂"])
    make_enterprise("无关企业有限公司")
    assert _listed(client_for(supervisor).get(URL, {"q": "老字号"})) == {renamed.pk}


def test_filters(client_for, supervisor, holder):
    leader = make_enterprise("领军企业有限公司", is_tech_leader=True, legal_status="revoked")
    client = client_for(supervisor)
    assert _listed(client.get(URL, {"is_tech_leader__exact": "1"})) == {leader.pk}
    assert _listed(client.get(URL, {"legal_status__exact": "revoked"})) == {leader.pk}
    assert _listed(client.get(URL, {"division_code": "120116"})) == {holder.pk}


def test_cb_sees_only_holders_of_its_certificates(client_for, cb_bob, cert_a, cert_b):
    stranger = make_enterprise("只有甲机构证书的企业")
    client = client_for(cb_bob)
    assert _listed(client.get(URL)) == {cert_b.holder_id}
    assert client.get(f"{URL}{stranger.pk}/change/").status_code == 404
    assert client.get(f"{URL}{cert_a.holder_id}/change/").status_code == 200


def test_cb_views_but_cannot_edit(client_for, cb_alice, cert_a, holder):
    client = client_for(cb_alice)
    page = client.get(f"{URL}{holder.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(f"{URL}{holder.pk}/change/", {"name": "改名", "uscc": holder.uscc})
    assert response.status_code == 403
    holder.refresh_from_db()
    assert holder.name == "天津滨海测试制造有限公司"
    assert client.get(f"{URL}add/").status_code == 403


def test_lab_operator_sees_no_enterprises(client_for, db, holder):
    from qualitycert.accounts.models import User
    from qualitycert.registry.models import Lab

    lab = Lab.objects.create(cma_number="240012345678", name="检测中心")
    user = User.objects.create_user("lab", password="x", role="lab_operator", lab=lab,
                                    is_staff=True)
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{holder.pk}/change/").status_code == 404


def test_supervisor_edit_is_audited(client_for, supervisor, holder):
    client = client_for(supervisor)
    page = client.get(f"{URL}{holder.pk}/change/")
    response = client.post(f"{URL}{holder.pk}/change/",
                           form_data(page, "enterprise_form", name="天津滨海测试制造股份有限公司",
                                     former_names="天津滨海测试制造有限公司"))
    assert response.status_code == 302
    holder.refresh_from_db()
    assert holder.former_names == ["天津滨海测试制造有限公司"]
    entry = AuditEntry.objects.get(action="admin.change", object_type="registry.enterprise")
    assert entry.actor == supervisor
    assert entry.before["name"] == "天津滨海测试制造有限公司"
    assert entry.after["name"] == "天津滨海测试制造股份有限公司"


def test_invalid_uscc_is_a_form_error(client_for, supervisor):
    client = client_for(supervisor)
    page = client.get(f"{URL}add/")
    response = client.post(f"{URL}add/", form_data(page, "enterprise_form", name="某公司",
                                                   uscc="91120116MA05ABCDE0",
                                                   legal_status="active"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["uscc"]


@pytest.mark.parametrize("persona", ["supervisor", "cb_alice"])
def test_nobody_but_the_system_admin_deletes(request, client_for, persona, holder, cert_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"{URL}{holder.pk}/delete/", {"post": "yes"}).status_code == 403
    holder.refresh_from_db()


def test_system_admin_delete_is_audited(client_for, admin_user):
    doomed = make_enterprise("误录企业有限公司")
    response = client_for(admin_user).post(f"{URL}{doomed.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.delete", object_id=str(doomed.pk))
    assert entry.before["name"] == "误录企业有限公司" and entry.actor == admin_user


def test_enterprise_holding_certificates_cannot_be_deleted(client_for, admin_user, cert_a,
                                                           holder):
    response = client_for(admin_user).post(f"{URL}{holder.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # Django lists the protected certificates instead
    holder.refresh_from_db()
