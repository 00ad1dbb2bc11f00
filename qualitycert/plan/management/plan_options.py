"""The `--date` and `--plan` options the plan's daily commands share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from qualitycert.plan.models import Plan
from qualitycert.plan.queries import current_plan


def add_date_and_plan(parser: CommandParser) -> None:
    parser.add_argument("--date", help="as of this day (YYYY-MM-DD); default today")
    parser.add_argument("--plan", help="plan code; default the latest plan")


def date_and_plan(options: dict[str, Any]) -> tuple[dt.date, Plan]:
    """The day and the plan the options name; CommandError (exit 2) if either is bad."""
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
    return on, plan
