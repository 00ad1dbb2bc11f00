"""What a user's role lets them do, decided in one place.

Permissions follow the role and its organisation, never Django's permission
rows: a fresh cb_operator with is_staff=True works at once, and nobody can
widen a role by ticking a box in a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import BUREAU_ROLES, Role

# Roles whose work happens in the back office (/admin/). The others have their
# own pages: inspectors, departments and enterprises use the site, API clients
# use tokens.
BACK_OFFICE_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.CB_OPERATOR,
                               Role.LAB_OPERATOR})
BUREAU = frozenset(BUREAU_ROLES)
ADMIN_ONLY = frozenset({Role.ADMIN})
NOBODY: frozenset[Role] = frozenset()


def effective_role(user: Any) -> Role | None:
    """The role a request acts in: superusers act as system admins; an inactive,
    anonymous or unknown-role user has none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def has_role(user: Any, roles: Iterable[str]) -> bool:
    role = effective_role(user)
    return role is not None and role in set(roles)


def is_bureau(user: Any) -> bool:
    return has_role(user, BUREAU)


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
