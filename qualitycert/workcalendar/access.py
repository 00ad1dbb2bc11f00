"""Who may enter the State Council's notices: bureau staff in the back office
(system admins and supervisors). Certification-body and lab staff use the back
office for their own records only; nobody else enters it."""

from __future__ import annotations

from typing import Any

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import BUREAU, back_office_role


def may_enter_arrangements(who: Any) -> bool:
    """`who`: an Actor (the action's signer) or a request's user (the back office)."""
    user = who.user if isinstance(who, Actor) else who
    # A person enters a notice; the system (no user) never does.
    return user is not None and back_office_role(user) in BUREAU
