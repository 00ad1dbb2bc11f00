"""三员分立 (等保 level 3): the system, security and audit administrators are
separate roles; no role can both change a user's permissions and delete or
alter an audit entry, and both logs are append-only for every role."""

from __future__ import annotations

import pytest
from django.contrib.admin import site
from django.test import RequestFactory

from qualitycert.accounts.models import Role, SecurityEvent, User
from qualitycert.audit.models import AuditEntry

USERS, AUDIT, SECURITY_LOG = User, AuditEntry, SecurityEvent


def _request_as(role: str, **flags: bool):
    user = User(username=f"probe-{role}", role=role, is_staff=True, is_active=True, **flags)
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _may(model, verb: str, request) -> bool:
    admin = site.get_model_admin(model)
    return bool(getattr(admin, f"has_{verb}_permission")(request))


@pytest.mark.parametrize("role", [*Role.values, "superuser"])
def test_no_role_both_changes_permissions_and_touches_the_audit_log(db, role):
    request = (_request_as(Role.ADMIN, is_superuser=True) if role == "superuser"
               else _request_as(role))
    changes_users = _may(USERS, "change", request) or _may(USERS, "add", request)
    touches_audit = any(_may(model, verb, request) for model in (AUDIT, SECURITY_LOG)
                        for verb in ("add", "change", "delete"))
    assert not (changes_users and touches_audit)
    assert not touches_audit  # append-only for every role, the system admin included


@pytest.mark.parametrize(("role", "users", "security_log", "audit_log"), [
    (Role.ADMIN, "change", False, True),
    (Role.SECURITY_ADMIN, "view", True, False),
    (Role.AUDIT_ADMIN, None, True, True),
    (Role.SUPERVISOR, None, False, True),
    (Role.CB_OPERATOR, None, False, False),
])
def test_the_three_administrators_matrix(db, role, users, security_log, audit_log):
    request = _request_as(role)
    assert _may(USERS, "change", request) is (users == "change")
    assert _may(USERS, "view", request) is (users is not None)
    assert _may(SECURITY_LOG, "view", request) is security_log
    assert _may(AUDIT, "view", request) is audit_log


def test_the_models_refuse_edits_and_deletes(db):
    from django.utils import timezone

    from qualitycert.accounts.models import AppendOnlyError

    event = SecurityEvent.objects.create(at=timezone.now(), kind="login", username="x")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.update(username="y")


def test_security_and_audit_admins_read_the_security_log(client_for, security_admin,
                                                         audit_admin, admin_user, supervisor):
    url = "/admin/accounts/securityevent/"
    client_for(supervisor)  # writes its sign-in to the log
    for reader in (security_admin, audit_admin):
        page = client_for(reader).get(url)
        assert page.status_code == 200 and "supervisor" in page.content.decode()
    assert client_for(admin_user).get(url).status_code == 403
    assert client_for(supervisor).get(url).status_code == 403
    assert client_for(audit_admin).post(url + "add/", {}).status_code == 403


def test_the_audit_admin_changes_no_user(client_for, audit_admin, supervisor):
    client = client_for(audit_admin)
    assert client.get(f"/admin/accounts/user/{supervisor.pk}/change/").status_code in {403, 404}
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/audit/auditentry/").status_code == 200
