"""Issue 11: bureau staff keep the inspector library in the back office without
hitting a 403 on the user lookup; target contacts are theirs to fill in."""

from __future__ import annotations

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.inspections.models import Inspector

pytestmark = pytest.mark.django_db

ADD = "/admin/inspections/inspector/add/"


def test_the_supervisor_links_an_inspector_account(client_for, supervisor, inspector,
                                                   make_user, department) -> None:
    make_user("dept_person", role="department", department=department)
    client = client_for(supervisor)
    page = client.get(ADD)
    html = page.content.decode()
    assert page.status_code == 200
    # A choice of inspector accounts, and no lookup into the admin-only user list.
    assert "/admin/accounts/user/?" not in html
    assert f'<option value="{inspector.pk}">' in html and "dept_person" not in html
    response = client.post(ADD, {"name": "李检查", "department": department.pk,
                                 "enforcement_number": "12011609999", "specialties": "[]",
                                 "active": "on", "user": inspector.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Inspector.objects.get(enforcement_number="12011609999").user == inspector


def test_an_account_of_another_role_cannot_be_linked(client_for, supervisor, department,
                                                     make_user) -> None:
    other = make_user("dept_person2", role="department", department=department)
    response = client_for(supervisor).post(ADD, {
        "name": "某人", "department": department.pk, "enforcement_number": "12011609998",
        "specialties": "[]", "user": other.pk})
    assert response.status_code == 200 and not Inspector.objects.exists()


def test_other_roles_do_not_keep_the_library(client_for, cb_alice) -> None:
    assert client_for(cb_alice).get(ADD).status_code == 403


def test_contacts_are_editable_and_audited_the_rest_read_only(client_for, supervisor,
                                                             library) -> None:
    [target] = library(1)
    url = f"/admin/inspections/target/{target.pk}/change/"
    client = client_for(supervisor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"contact_name": "王经理", "contact_phone": "022-66668888",
                                 "name": "改名企图"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.contact_name, target.contact_phone) == ("王经理", "022-66668888")
    assert target.name != "改名企图"
    assert AuditEntry.objects.filter(object_type="inspections.target").exists()
    assert client.get("/admin/inspections/target/add/").status_code == 403
