"""`qualitycert deliver-webhooks [--once]` — POST due watchlist webhooks.

Run it every minute from cron or a systemd timer with `--once` (one pass,
then exit), or without it as a long-running service that makes a pass every
`--interval` seconds. Each pass first records notifications for recent
changes that the in-process signal missed (notify.backfill_deliveries), then
attempts every delivery that is due. Exit status 0 when the pass ran, even if
receivers failed (that is what the delivery log and the retries are for)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.translation import gettext

from qualitycert.watch import notify, webhooks


class Command(BaseCommand):
    help = "Deliver due watchlist webhooks (one pass with --once; else every --interval s)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=int, default=60,
                            help="seconds between passes when not --once (default 60)")
        parser.add_argument("--limit", type=int, default=500,
                            help="deliveries attempted per pass (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 1 or options["limit"] < 1:
            raise CommandError(gettext("--interval 和 --limit 必须为正整数"), returncode=2)
        while True:
            self._pass(options["limit"])
            if options["once"]:
                return
            time.sleep(options["interval"])
            # A long-running service must not hold a connection the server closed.
            close_old_connections()

    def _pass(self, limit: int) -> None:
        backfilled = notify.backfill_deliveries()
        run = webhooks.deliver_due(limit=limit)
        self.stdout.write(f"deliver-webhooks: backfilled {len(backfilled)}, {run}")
