"""Recompute the stored target values at past quarter ends (nightly, from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.plan.management.plan_options import add_date_and_plan, date_and_plan
from qualitycert.plan.snapshots import TREND_QUARTERS, refresh


class Command(BaseCommand):
    help = ("Recompute the stored target values at past quarter ends, "
            "picking up late and back-dated registry changes")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarters", type=int, default=TREND_QUARTERS,
                            help=f"how many past quarter ends (default {TREND_QUARTERS}, "
                                 "as the dashboard shows)")
        add_date_and_plan(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["quarters"] < 1:
            raise CommandError("--quarters must be at least 1", returncode=2)
        on, plan = date_and_plan(options)
        days = refresh(plan, on, options["quarters"])
        self.stdout.write(f"{plan.code}: recomputed {len(days)} quarter ends "
                          f"({days[0]} … {days[-1]})")
