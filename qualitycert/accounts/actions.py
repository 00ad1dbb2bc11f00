"""The security administrator's actions on accounts, and the security log's
record of permission changes. Each is audited in the audit chain as well as
written to the security log, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from qualitycert.audit.chain import append as audit_append

from . import lockout, securitylog, twofactor
from .actor import Actor

# What decides what an account may do.
PERMISSION_FIELDS = ("role", "is_active", "is_staff", "is_superuser", "body_id", "lab_id",
                     "enterprise_id", "department_id")


def permission_snapshot(user: Any) -> dict[str, Any]:
    return {field: getattr(user, field) for field in PERMISSION_FIELDS}


def record_permission_change(user: Any, before: dict[str, Any], *, actor: Any,
                             request: HttpRequest | None = None) -> None:
    after = permission_snapshot(user)
    changed = {field: [before.get(field), value] for field, value in after.items()
               if before.get(field) != value}
    if changed:
        securitylog.record(request, securitylog.Event.PERMISSION_CHANGED, user=user,
                           actor=actor, changed=changed, created=not before)


@transaction.atomic
def unlock_account(user: Any, *, actor: Actor, request: HttpRequest | None = None) -> None:
    lockout.unlock_account(user.get_username())
    audit_append(action="accounts.unlock", object_type="accounts.user",
                 object_id=str(user.pk), object_repr=str(user), actor=actor)
    securitylog.record(request, securitylog.Event.UNLOCKED, user=user, actor=actor.user)


@transaction.atomic
def reset_second_factor(user: Any, *, actor: Actor, request: HttpRequest | None = None) -> None:
    removed = twofactor.reset(user)
    audit_append(action="accounts.second_factor_reset", object_type="accounts.user",
                 object_id=str(user.pk), object_repr=str(user), actor=actor)
    securitylog.record(request, securitylog.Event.SECOND_FACTOR_RESET, user=user,
                       actor=actor.user, devices_removed=removed)
