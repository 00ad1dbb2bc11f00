"""role_required for other apps' function views."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db


@role_required(Role.SUPERVISOR, "inspector")
def guarded(request, pk):
    return HttpResponse(f"ok {pk}")


def _call(user, path="/inspections/plan/3/"):
    request = RequestFactory().get(path)
    request.user = user
    return guarded(request, pk=3)


def test_anonymous_goes_to_login():
    response = _call(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/inspections/plan/3/"


@pytest.mark.parametrize("persona", ["supervisor", "inspector"])
def test_allowed_roles_pass(request, persona):
    response = _call(request.getfixturevalue(persona))
    assert response.status_code == 200 and response.content == b"ok 3"


def test_a_superuser_is_a_system_admin_not_every_role(admin_user):
    # An inspector's page stays the inspector's: results are signed by who enters them.
    assert _call(admin_user).status_code == 403

    @role_required(Role.ADMIN)
    def admin_page(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = admin_user
    assert admin_page(request).status_code == 200


@pytest.mark.parametrize("persona", ["cb_alice", "dept_user", "enterprise_user"])
def test_other_roles_get_a_chinese_403_page(request, persona):
    response = _call(request.getfixturevalue(persona))
    assert response.status_code == 403
    text = response.content.decode()
    assert "您的角色无权访问此页面" in text
    assert "监管人员" in text and "执法检查人员" in text
    assert "Bureau supervisor" not in text and "Forbidden" not in text


def test_inactive_user_is_refused(supervisor):
    supervisor.is_active = False
    assert _call(supervisor).status_code == 403


def test_a_typo_in_a_role_fails_at_import_time():
    with pytest.raises(ValueError, match="unknown role 'supervsior'"):
        role_required("supervsior")


def test_at_least_one_role_is_needed():
    with pytest.raises(ValueError):
        role_required()


def test_the_view_keeps_its_name_and_roles():
    assert guarded.__name__ == "guarded"
    assert guarded.allowed_roles == {Role.SUPERVISOR, Role.INSPECTOR}
