"""`qualitycert recompute-deadlines --signer USER`: count every stored
working-day deadline again by the current rules and notices, audited, telling
the people concerned about those that moved. Run once after upgrading from
the Monday–Friday fallback; entering a notice does this by itself for the
deadlines that notice can move."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qualitycert.workcalendar.actions import recompute_deadlines

from ._signer import add_signer_argument, signer


class Command(BaseCommand):
    help = "Recompute every working-day deadline with the statutory rules and entered notices."

    def add_arguments(self, parser: CommandParser) -> None:
        add_signer_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = signer(options["signer"])
        moved = recompute_deadlines(years=None, actor=actor, reason="工作日规则更新后全部重新计算")
        self.stdout.write(f"{moved} 个期限已重新计算")
