"""The typed Actor: who acts, in which role, for which organisation, signed how."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from qualitycert.accounts.actor import Actor, NotAnActor, UnknownSigner
from qualitycert.accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "role", "organisation"), [
    ("admin_user", Role.ADMIN, None), ("supervisor", Role.SUPERVISOR, None),
    ("cb_alice", Role.CB_OPERATOR, "body_a"), ("dept_user", Role.DEPARTMENT, "department"),
    ("enterprise_user", Role.ENTERPRISE, "holder"), ("inspector", Role.INSPECTOR, None),
])
def test_an_actor_is_a_user_in_a_role_for_an_organisation(request, persona, role, organisation):
    user = request.getfixturevalue(persona)
    actor = Actor.of(user)
    assert (actor.user, actor.role) == (user, role)
    expected = request.getfixturevalue(organisation) if organisation else None
    assert actor.organisation == expected
    assert not actor.is_system and actor.user_id == user.pk


def test_organisation_ids_follow_the_role(cb_alice, body_a, dept_user, department):
    alice = Actor.of(cb_alice)
    assert (alice.body_id, alice.body, alice.lab_id, alice.department_id) == (
        body_a.pk, body_a, None, None)
    dept = Actor.of(dept_user)
    assert (dept.department, dept.body_id) == (department, None)


@pytest.mark.parametrize("who", ["anonymous", "inactive", "unknown role", "no organisation"])
def test_who_may_not_act_is_refused(supervisor, who):
    user = {"anonymous": AnonymousUser(), "inactive": supervisor}.get(who, supervisor)
    if who == "inactive":
        supervisor.is_active = False
    elif who == "unknown role":
        supervisor.role = "root"
    elif who == "no organisation":
        supervisor.role = Role.CB_OPERATOR
    with pytest.raises(NotAnActor):
        Actor.of(user)
    # A view that builds its actor answers 403 for such a user.
    assert issubclass(NotAnActor, PermissionDenied)


def test_the_signature_is_the_audit_logs_format(supervisor, db):
    assert Actor.of(supervisor).signature() == "王监管 (supervisor)"
    plain = User.objects.create_user(username="clerk", password="x" * 12, role="supervisor")
    assert Actor.of(plain).signature() == "clerk"
    assert Actor.system().signature() == "system"


def test_a_command_signer_must_be_an_active_user(supervisor):
    assert Actor.signer("supervisor").user == supervisor
    with pytest.raises(UnknownSigner, match="nobody"):
        Actor.signer("nobody")
    supervisor.is_active = False
    supervisor.save()
    with pytest.raises(UnknownSigner, match="supervisor"):
        Actor.signer("supervisor")
    with pytest.raises(UnknownSigner):
        Actor.signer("")


def test_the_system_acts_as_the_bureau_but_is_no_person():
    system = Actor.system()
    assert system.is_system and system.role == Role.ADMIN and system.user_id is None
    with pytest.raises(PermissionDenied):
        system.person()


def test_actors_compare_by_user_and_role(supervisor, cb_alice):
    assert Actor.of(supervisor) == Actor.of(supervisor)
    assert Actor.of(supervisor) != Actor.of(cb_alice)
    assert len({Actor.of(supervisor), Actor.of(supervisor), Actor.system()}) == 2


ROOT = pathlib.Path(__file__).resolve().parents[2]
# A role set written out by hand: two or more Role members in one literal.
ROLE_SET = re.compile(r"[({\[]\s*Role\.[A-Z_]+\s*,\s*Role\.")


def test_role_sets_are_defined_only_in_accounts_roles():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        and path != ROOT / "accounts" / "roles.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_SET.search(line)
    ]
    assert offenders == []
