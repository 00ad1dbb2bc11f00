"""`--signer USER` for commands that change what a regulator keeps (imports,
lifecycle steps): the change is signed by the named person (谁签字，谁担责),
never by the operating-system account the command happens to run as."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from qualitycert.accounts.actor import Actor, UnknownSigner


def add_signer_argument(parser: CommandParser, what: str) -> None:
    parser.add_argument("--signer", metavar="USER", required=True,
                        help=f"the active user who signs {what} (谁签字，谁担责)")


def signer_from(options: dict[str, Any]) -> Actor:
    """The actor --signer names; CommandError (exit 2) for an unknown or inactive user."""
    try:
        return Actor.signer(options.get("signer") or "")
    except UnknownSigner as exc:
        raise CommandError(str(exc), returncode=2) from None
