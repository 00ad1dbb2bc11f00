"""`qualitycert refresh-inspection-targets`: rebuild the target library from
the registry (a nightly job, or before committing a plan)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qualitycert.accounts.actor import Actor
from qualitycert.inspections.actions import refresh_target_library


class Command(BaseCommand):
    help = "Bring the random-inspection target library in line with the registry."

    def handle(self, *args: Any, **options: Any) -> None:
        s = refresh_target_library(actor=Actor.system())
        self.stdout.write(f"created {s.created}, updated {s.updated}, "
                          f"deactivated {s.deactivated}; {s.total_active} active targets")
