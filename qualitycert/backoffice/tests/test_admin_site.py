"""Who may enter the back office, and which screens each role gets."""

import pytest

from qualitycert.backoffice.site import BackOfficeSite

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "certificate": "/admin/registry/certificate/",
    "event": "/admin/registry/certificateevent/",
    "enterprise": "/admin/registry/enterprise/",
    "body": "/admin/registry/certificationbody/",
    "lab": "/admin/registry/lab/",
    "scheme": "/admin/registry/scheme/",
    "audit": "/admin/audit/auditentry/",
    "user": "/admin/accounts/user/",
    "department": "/admin/plan/department/",
}

# persona -> screens it may list (everything else is 403)
MATRIX = {
    "admin_user": set(CHANGELISTS),
    "supervisor": set(CHANGELISTS) - {"user"},
    "cb_alice": {"certificate", "event", "enterprise", "body", "scheme"},
    "lab_user": {"lab"},
}


@pytest.fixture
def lab_user(db):
    from qualitycert.accounts.models import User
    from qualitycert.registry.models import Lab

    lab = Lab.objects.create(cma_number="240012345678", name="滨海检测中心")
    return User.objects.create_user("lab_op", password="x-long-password", role="lab_operator",
                                    lab=lab, is_staff=True)


def test_default_site_is_the_back_office():
    from django.contrib import admin

    assert isinstance(admin.site, BackOfficeSite)


def test_index_is_in_chinese_with_the_bureau_header(client_for, supervisor):
    response = client_for(supervisor).get("/admin/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "滨海新区质量认证监管后台" in text and "Back office" not in text
    assert "后台首页" in text
    assert "我最近的操作" in text  # from the audit log, not Django's empty LogEntry


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_changelists_per_role(request, client_for, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for screen, url in CHANGELISTS.items():
        expected = 200 if screen in MATRIX[persona] else 403
        assert client.get(url).status_code == expected, (persona, screen)


def test_cb_index_lists_only_its_screens(client_for, cb_alice):
    text = client_for(cb_alice).get("/admin/").content.decode()
    assert "/admin/registry/certificate/" in text
    for hidden in ("/admin/audit/auditentry/", "/admin/accounts/user/", "/admin/registry/lab/"):
        assert hidden not in text


@pytest.mark.parametrize("persona", ["inspector", "dept_user", "enterprise_user"])
def test_non_back_office_roles_cannot_enter_even_with_staff_flag(request, client_for, persona):
    user = request.getfixturevalue(persona)
    user.is_staff = True
    user.save()
    client = client_for(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/admin/registry/certificate/").status_code == 302


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/registry/certificate/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_staff_flag_is_still_required(client_for, cb_alice):
    cb_alice.is_staff = False
    cb_alice.save()
    assert client_for(cb_alice).get("/admin/").status_code == 302


def test_back_office_login_refuses_a_non_back_office_role(client, inspector):
    from qualitycert.testing.fixtures import PASSWORD

    inspector.is_staff = True
    inspector.save()
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "inspector", "password": PASSWORD})
    assert response.status_code == 200
    assert "不能进入后台" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_groups_are_not_offered(client_for, admin_user):
    assert client_for(admin_user).get("/admin/auth/group/").status_code == 404
