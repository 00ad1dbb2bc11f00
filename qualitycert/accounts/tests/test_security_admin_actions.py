"""The security administrator unlocks a locked account and resets a lost
second factor from the user list; the system administrator's permission
changes are written to the security log."""

from __future__ import annotations

from qualitycert.accounts import lockout, twofactor
from qualitycert.accounts.models import SecurityEvent
from qualitycert.audit.models import AuditEntry
from qualitycert.testing.otp import enrolled_device

URL = "/admin/accounts/user/"


def _act(client, action: str, user) -> None:
    response = client.post(URL, {"action": action, "_selected_action": [user.pk]})
    assert response.status_code == 302


def test_unlock_lifts_the_account_lock(client_for, security_admin, supervisor):
    for _ in range(lockout.MAX_FAILURES):
        lockout.register_failure("supervisor", "10.0.0.1")
    assert lockout.is_locked("supervisor", "10.0.0.2")
    _act(client_for(security_admin), "unlock_accounts", supervisor)
    assert not lockout.is_locked("supervisor", "10.0.0.2")
    assert SecurityEvent.objects.filter(kind="unlocked", username="supervisor",
                                        actor="secadmin").exists()
    assert AuditEntry.objects.filter(action="accounts.unlock",
                                     object_id=str(supervisor.pk)).exists()


def test_reset_makes_the_next_login_enrol_again(client_for, security_admin, supervisor):
    enrolled_device(supervisor)
    twofactor.replace_recovery_codes(supervisor)
    _act(client_for(security_admin), "reset_second_factor", supervisor)
    assert not twofactor.is_enrolled(supervisor)
    assert twofactor.recovery_codes_left(supervisor) == 0
    assert SecurityEvent.objects.filter(kind="2fa_reset", username="supervisor").exists()


def test_only_the_security_admin_has_the_actions(client_for, admin_user, security_admin):
    admin_page = client_for(admin_user).get(URL).content.decode()
    assert "unlock_accounts" not in admin_page and "reset_second_factor" not in admin_page
    security_page = client_for(security_admin).get(URL).content.decode()
    assert "unlock_accounts" in security_page and "reset_second_factor" in security_page


def test_the_system_admin_cannot_run_them_by_hand(client_for, admin_user, supervisor):
    enrolled_device(supervisor)
    client_for(admin_user).post(URL, {"action": "reset_second_factor",
                                      "_selected_action": [supervisor.pk]})
    assert twofactor.is_enrolled(supervisor)


def test_a_role_change_is_in_the_security_log(client_for, admin_user, supervisor):
    page = client_for(admin_user).get(f"{URL}{supervisor.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name not in {"password", "groups", "user_permissions",
                                                  "last_login", "date_joined"}}
    data.update({"role": "audit_admin", "is_staff": "on", "is_active": "on"})
    data = {key: value for key, value in data.items() if value is not False}
    response = client_for(admin_user).post(f"{URL}{supervisor.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = SecurityEvent.objects.get(kind="permission_changed", username="supervisor")
    assert event.actor == "admin"
    assert event.detail["changed"]["role"] == ["supervisor", "audit_admin"]
