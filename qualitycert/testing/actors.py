"""Personas are users; actions take an Actor. Tests hand either to `as_actor`."""

from __future__ import annotations

from typing import Any

from qualitycert.accounts.actor import Actor


def as_actor(who: Any) -> Actor:
    """An Actor for a persona (a user), the same Actor back, or the system for None."""
    if isinstance(who, Actor):
        return who
    return Actor.system() if who is None else Actor.of(who)


def any_decision() -> Any:
    """A decision document dated before every test's steps, for tests where
    the bureau suspends or withdraws on the way to what they check."""
    import datetime as dt

    from qualitycert.registry.models import Decision

    return Decision("津滨市监认决〔2000〕1号", dt.date(2000, 1, 1))
