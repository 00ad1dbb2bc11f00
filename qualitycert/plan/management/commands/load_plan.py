"""Load another plan from its JSON transcription (format: plan/data/README.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.accounts.actor import Actor
from qualitycert.plan.actions import load_plan_file
from qualitycert.plan.loading import PlanDataError


class Command(BaseCommand):
    help = "Load a plan (实施方案) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = load_plan_file(options["file"], actor=Actor.system())
        except PlanDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"loaded {plan.code}: {plan.tasks.count()} tasks")
