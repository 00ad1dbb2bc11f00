"""E-mail every unit with progress reports missing or overdue; once a day per unit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qualitycert.plan.management.plan_options import add_date_and_plan, date_and_plan
from qualitycert.plan.reminders import send_plan_reminders


class Command(BaseCommand):
    help = "E-mail the units whose progress reports are outstanding or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        add_date_and_plan(parser)
        parser.add_argument("--dry-run", action="store_true", help="list, do not send")

    def handle(self, *args: Any, **options: Any) -> None:
        on, plan = date_and_plan(options)
        summary = send_plan_reminders(plan, on=on, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {len(summary.sent)}: {'、'.join(summary.sent) or '-'}")
        if summary.already_sent_today:
            self.stdout.write(f"already reminded today {len(summary.already_sent_today)}: "
                              f"{'、'.join(summary.already_sent_today)}")
        if summary.no_address:
            self.stderr.write(f"no e-mail address on file {len(summary.no_address)}: "
                              f"{'、'.join(summary.no_address)}")
