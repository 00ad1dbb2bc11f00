"""Recompute the stored target values at past quarter ends (nightly, from cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qualitycert.plan.models import Plan
from qualitycert.plan.queries import current_plan
from qualitycert.plan.snapshots import TREND_QUARTERS, refresh


class Command(BaseCommand):
    help = ("重算各季末目标值快照 recompute the stored target values at past quarter ends, "
            "picking up late and back-dated registry changes")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarters", type=int, default=TREND_QUARTERS,
                            help=f"how many past quarter ends (default {TREND_QUARTERS}, "
                                 "as the dashboard shows)")
        parser.add_argument("--date", help="as of this day (YYYY-MM-DD); default today")
        parser.add_argument("--plan", help="plan code; default the latest plan")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["quarters"] < 1:
            raise CommandError("--quarters must be at least 1", returncode=2)
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
        days = refresh(plan, on, options["quarters"])
        self.stdout.write(f"{plan.code}: recomputed {len(days)} quarter ends "
                          f"({days[0]} … {days[-1]})")
