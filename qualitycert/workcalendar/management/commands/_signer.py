"""The bureau user who signs a command's changes: named, active, and allowed
to enter notices (the audit log names a person, never "system")."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from qualitycert.accounts.actor import Actor, UnknownSigner
from qualitycert.workcalendar.access import may_enter_arrangements


def add_signer_argument(parser: CommandParser) -> None:
    parser.add_argument("--signer", "--actor", dest="signer", metavar="USERNAME", required=True,
                        help="the bureau user (admin or supervisor) who signs the change")


def signer(username: str) -> Actor:
    try:
        actor = Actor.signer(username)
    except UnknownSigner as exc:
        raise CommandError(str(exc), returncode=2) from None
    if not may_enter_arrangements(actor):
        raise CommandError(f"用户 {username!r} 无权录入放假安排（须为局系统管理员或监管人员）",
                           returncode=2)
    return actor
