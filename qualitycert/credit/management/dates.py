"""Argument helpers the credit commands share."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor, UnknownSigner


def parse_day(value: str | None, option: str) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(gettext("%(option)s 应为 YYYY-MM-DD：%(value)s")
                           % {"option": option, "value": value}, returncode=2) from exc


def signer(username: str | None) -> Actor:
    """--signer USER, or the system for a scheduled job nobody decides."""
    if not username:
        return Actor.system()
    try:
        return Actor.signer(username)
    except UnknownSigner as exc:
        raise CommandError(str(exc), returncode=2) from exc
