"""What a user's role lets them do, decided in one place: the role sets every
view, admin and access check names, and the predicates over them.

Permissions follow the role and its organisation, never Django's permission
rows: a fresh cb_operator with is_staff=True works at once, and nobody can
widen a role by ticking a box in a group.

Every predicate takes a request's user or an `Actor`, and honours is_active:
an inactive, anonymous or unknown-role user has no role, so every check built
on these refuses them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .actor import Actor
from .models import Role

BUREAU = frozenset({Role.ADMIN, Role.SUPERVISOR})
ADMIN_ONLY = frozenset({Role.ADMIN})
NOBODY: frozenset[Role] = frozenset()
# Roles whose work happens in the back office (/admin/). The others have their
# own pages: inspectors, departments and enterprises use the site, API clients
# use tokens.
BACK_OFFICE_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.CB_OPERATOR,
                               Role.LAB_OPERATOR, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
CB_STAFF = frozenset({Role.CB_OPERATOR})
LAB_STAFF = frozenset({Role.LAB_OPERATOR})
# The bureau and a certification body's staff: who works on certificates.
REGISTRY_STAFF = BUREAU | CB_STAFF
# The bureau and the departments: who reads the plan and its reports.
PLAN_USERS = BUREAU | {Role.DEPARTMENT}

# 三员分立 (等保 2.0 level 3, 安全管理中心): three administrators, none of whom
# can both change who may do what and touch the records of it.
# - the system administrator manages accounts, roles and organisations;
USER_MANAGERS = ADMIN_ONLY
# - the security administrator unlocks accounts and resets second factors;
SECURITY_MANAGERS = frozenset({Role.SECURITY_ADMIN})
# - keys (the QR and checkpoint signing keys) are rotated by the security or
#   the system administrator, with a second-factor code (rotate-signing-key);
KEY_MANAGERS = ADMIN_ONLY | SECURITY_MANAGERS
# - the audit administrator reads the audit and security logs.
SECURITY_LOG_READERS = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
AUDIT_LOG_READERS = BUREAU | {Role.AUDIT_ADMIN}
# Nobody alters or deletes an audit entry or a security event: both logs are
# append-only for every role (and refuse it in the model as well).
AUDIT_LOG_EDITORS = NOBODY


def effective_role(who: Any) -> Role | None:
    """The role a request or an actor acts in: superusers act as system
    admins; an inactive, anonymous or unknown-role user has none."""
    if isinstance(who, Actor):
        return who.role
    if who is None or not getattr(who, "is_authenticated", False) or not who.is_active:
        return None
    if who.is_superuser:
        return Role.ADMIN
    try:
        return Role(who.role)
    except ValueError:
        return None


def has_role(who: Any, roles: Iterable[str]) -> bool:
    role = effective_role(who)
    return role is not None and role in set(roles)


def is_bureau(who: Any) -> bool:
    return has_role(who, BUREAU)


def back_office_role(user: Any) -> Role | None:
    """The role a user holds in the back office, or None if they may not enter.
    Staff status is still required, so an account can be shut out of the back
    office without changing its role."""
    role = effective_role(user)
    if role is None or not user.is_staff or role not in BACK_OFFICE_ROLES:
        return None
    return role


def may_enter_back_office(user: Any) -> bool:
    return back_office_role(user) is not None


def check_roles(roles: Iterable[str]) -> frozenset[Role]:
    """Turn role names into Roles, failing at import time on a typo."""
    checked = set()
    for name in roles:
        try:
            checked.add(Role(name))
        except ValueError as exc:
            raise ValueError(f"unknown role {name!r}; roles are {', '.join(Role.values)}") from exc
    return frozenset(checked)


# Who signs in with a second factor (等保 level 3, 身份鉴别): everyone who works
# on the bureau's data. Enterprise users file their own declarations and API
# clients use tokens; neither holds staff powers.
SECOND_FACTOR_ROLES = frozenset(Role) - {Role.ENTERPRISE, Role.API_CLIENT}


def needs_second_factor(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return effective_role(user) in SECOND_FACTOR_ROLES
