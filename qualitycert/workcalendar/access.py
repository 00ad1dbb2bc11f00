"""Who may enter the State Council's notices: bureau staff in the back office
(system admins and supervisors). Certification-body and lab staff use the back
office for their own records only; nobody else enters it."""

from __future__ import annotations

from typing import Any

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import back_office_role

ENTER_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


def may_enter_arrangements(user: Any) -> bool:
    return back_office_role(user) in ENTER_ROLES
