"""Users in the back office: role and organisation, validated by User.clean()."""

import pytest

from qualitycert.accounts.models import User
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.tests.admin_forms import form_data

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db

URL = "/admin/accounts/user/"


def _add(client, **fields):
    page = client.get(f"{URL}add/")
    assert page.status_code == 200
    values = {"username": "new_clerk", "usable_password": "true",
              "password1": "Binhai-clerk-2025!", "password2": "Binhai-clerk-2025!"}
    values.update(fields)
    return client.post(f"{URL}add/", form_data(page, "user_form", **values))


def test_admin_lists_users_with_role_and_organisation(client_for, admin_user, cb_alice):
    response = client_for(admin_user).get(URL, {"role__exact": "cb_operator"})
    assert response.status_code == 200
    assert [u.username for u in response.context["cl"].result_list] == ["cb_alice"]
    assert "甲认证有限公司" in response.content.decode()


def test_add_a_cb_operator(client_for, admin_user, body_a):
    response = _add(client_for(admin_user), role="cb_operator", body=str(body_a.pk),
                    is_staff="on")
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert (user.role, user.body, user.is_staff) == ("cb_operator", body_a, True)
    assert AuditEntry.objects.filter(action="admin.add", object_type="accounts.user",
                                     object_id=str(user.pk)).exists()
    entry = AuditEntry.objects.get(action="admin.add", object_id=str(user.pk))
    assert "password" not in entry.after


def test_a_cb_operator_without_a_body_is_refused(client_for, admin_user):
    response = _add(client_for(admin_user), role="cb_operator")
    assert response.status_code == 200
    assert "该角色必须指定所属组织" in response.content.decode()
    assert not User.objects.filter(username="new_clerk").exists()


def test_a_supervisor_with_a_body_is_refused(client_for, admin_user, body_a):
    response = _add(client_for(admin_user), role="supervisor", body=str(body_a.pk))
    assert response.status_code == 200
    assert "该角色不应关联此组织" in response.content.decode()


def test_an_inspector_cannot_be_staff(client_for, admin_user, inspector):
    client = client_for(admin_user)
    url = f"{URL}{inspector.pk}/change/"
    response = client.post(url, form_data(client.get(url), "user_form", is_staff="on"))
    assert response.status_code == 200
    assert "该角色不能进入后台" in response.content.decode()
    inspector.refresh_from_db()
    assert not inspector.is_staff


def test_role_change_is_audited(client_for, admin_user, supervisor, body_b):
    client = client_for(admin_user)
    url = f"{URL}{supervisor.pk}/change/"
    response = client.post(url, form_data(client.get(url), "user_form", role="cb_operator",
                                          body=str(body_b.pk)))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(supervisor.pk))
    assert entry.before["role"] == "supervisor" and entry.after["role"] == "cb_operator"
    assert entry.after["body"]["id"] == body_b.pk


def test_password_change_is_audited_without_the_password(client_for, admin_user, inspector):
    client = client_for(admin_user)
    url = f"{URL}{inspector.pk}/password/"
    response = client.post(url, {"password1": "Another-secret-2025", "usable_password": "true",
                                 "password2": "Another-secret-2025"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.password_set", object_id=str(inspector.pk))
    assert entry.after is None and entry.actor == admin_user


def test_only_a_superuser_hands_out_superuser_status(client_for, inspector):
    system_admin = User.objects.create_user("sysadmin", password="x", role="admin",
                                            is_staff=True)
    client = client_for(system_admin)
    url = f"{URL}{inspector.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    client.post(url, form_data(page, "user_form", is_superuser="on"))
    inspector.refresh_from_db()
    assert not inspector.is_superuser


@pytest.mark.parametrize("persona", ["supervisor", "cb_alice"])
def test_only_system_admins_manage_users(request, client_for, persona, inspector):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{inspector.pk}/change/").status_code == 404
    assert client.get(f"{URL}add/").status_code == 403


def test_enterprise_autocomplete_normalises_the_term(client_for, admin_user, holder):
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in holder.uscc)
    response = client_for(admin_user).get("/admin/autocomplete/", {
        "app_label": "accounts", "model_name": "user", "field_name": "enterprise",
        "term": fullwidth})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(holder.pk)]
