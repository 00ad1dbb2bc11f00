"""The bureau user who signs a command's changes: named, active, and allowed
to enter notices (the audit log names a person, never "system")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from qualitycert.workcalendar.access import may_enter_arrangements


def add_signer_argument(parser: CommandParser) -> None:
    parser.add_argument("--signer", "--actor", dest="signer", metavar="USERNAME", required=True,
                        help="the bureau user (admin or supervisor) who signs the change")


def signer(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"没有名为 {username!r} 的有效用户", returncode=2)
    if not may_enter_arrangements(user):
        raise CommandError(f"用户 {username!r} 无权录入放假安排（须为局系统管理员或监管人员）",
                           returncode=2)
    return user
