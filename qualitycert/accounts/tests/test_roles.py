"""Role helpers every permission check builds on."""

import pytest
from django.contrib.auth.models import AnonymousUser

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import (
    back_office_role,
    check_roles,
    effective_role,
    is_bureau,
    may_enter_back_office,
)

# Personas are fetched by name (getfixturevalue), so the database is declared here
# for pytest-django to order these tests before the transactional ones.
pytestmark = pytest.mark.django_db


def test_superuser_acts_as_system_admin(admin_user):
    assert effective_role(admin_user) == Role.ADMIN and is_bureau(admin_user)


def test_anonymous_and_inactive_have_no_role(supervisor):
    assert effective_role(AnonymousUser()) is None
    supervisor.is_active = False
    assert effective_role(supervisor) is None and not is_bureau(supervisor)


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin_user", Role.ADMIN), ("supervisor", Role.SUPERVISOR),
    ("cb_alice", Role.CB_OPERATOR), ("inspector", None), ("dept_user", None),
    ("enterprise_user", None),
])
def test_back_office_role(request, persona, expected):
    user = request.getfixturevalue(persona)
    user.is_staff = True
    assert back_office_role(user) == expected
    assert may_enter_back_office(user) is (expected is not None)


def test_unknown_role_names_are_refused():
    assert check_roles(["admin", Role.SUPERVISOR]) == {Role.ADMIN, Role.SUPERVISOR}
    with pytest.raises(ValueError, match="unknown role"):
        check_roles(["root"])
