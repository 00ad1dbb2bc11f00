"""What every catalog action shares: the signing name and the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qualitycert.accounts.actor import Actor


def today() -> dt.date:
    return timezone.localdate()


def signature(actor: Actor) -> str:
    """The name that goes on a signed step (谁签字，谁担责)."""
    return actor.signature()


def user_or_none(actor: Actor) -> Any:
    """The user row to store beside a step; None for the system."""
    return actor.user
