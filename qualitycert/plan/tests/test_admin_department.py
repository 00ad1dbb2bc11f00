"""Departments in the back office (plan/admin.py)."""

from qualitycert.audit.models import AuditEntry
from qualitycert.plan.models import Department

URL = "/admin/plan/department/"


def test_search_by_alias(client_for, supervisor, db):
    unit, _ = Department.objects.update_or_create(
        code="kjj-test", defaults={"name": "区科学技术局（测试）", "aliases": ["区科技局（测试）"]})
    response = client_for(supervisor).get(URL, {"q": "区科技局（测试）"})
    assert [d.pk for d in response.context["cl"].result_list] == [unit.pk]


def test_supervisor_reads_admin_edits(client_for, supervisor, admin_user, department):
    page = client_for(supervisor).get(f"{URL}{department.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client_for(admin_user).post(f"{URL}{department.pk}/change/", {
        "code": department.code, "name": department.name, "aliases": '["市场监管局"]'})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="admin.change", object_type="plan.department",
                                     object_id=str(department.pk)).exists()


def test_cb_and_department_staff_are_kept_out(client_for, cb_alice, dept_user, department):
    assert client_for(cb_alice).get(URL).status_code == 403
    assert client_for(dept_user).get(URL).status_code == 302  # not a back-office role
