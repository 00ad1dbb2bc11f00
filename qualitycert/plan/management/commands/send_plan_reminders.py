"""E-mail every unit with progress reports missing or overdue; once a day per unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qualitycert.plan.models import Plan
from qualitycert.plan.queries import current_plan
from qualitycert.plan.reminders import send_plan_reminders


class Command(BaseCommand):
    help = "催报：向有未报送或逾期进展报告的责任单位发送邮件 e-mail units with outstanding reports"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="as of this day (YYYY-MM-DD); default today")
        parser.add_argument("--plan", help="plan code; default the latest plan")
        parser.add_argument("--dry-run", action="store_true", help="list, do not send")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = (dt.date.fromisoformat(options["date"]) if options["date"]
                  else timezone.localdate())
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {options['date']!r}",
                               returncode=2) from exc
        plan = (Plan.objects.filter(code=options["plan"]).first() if options["plan"]
                else current_plan())
        if plan is None:
            raise CommandError(f"no such plan: {options['plan'] or '(none loaded)'}", returncode=2)
        summary = send_plan_reminders(plan, on=on, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {len(summary.sent)}: {'、'.join(summary.sent) or '-'}")
        if summary.already_sent_today:
            self.stdout.write(f"already reminded today {len(summary.already_sent_today)}: "
                              f"{'、'.join(summary.already_sent_today)}")
        if summary.no_address:
            self.stderr.write(f"no e-mail address on file {len(summary.no_address)}: "
                              f"{'、'.join(summary.no_address)}")
