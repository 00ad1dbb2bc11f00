"""What every catalog action shares: the signing name and the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def signature(actor: Any) -> str:
    """The name that goes on a signed step (谁签字，谁担责)."""
    if actor is None:
        return "system"
    sign = getattr(actor, "signature", None)
    return sign() if callable(sign) else str(actor)


def user_or_none(actor: Any) -> Any:
    """The user row to store beside a step, if the actor is one."""
    user = getattr(actor, "user", actor)  # an Actor carries its user
    return user if getattr(user, "pk", None) else None
