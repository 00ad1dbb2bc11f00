"""`qualitycert collect-findings --signer USER [--on DATE]`: file the
registry's lifecycle anomalies in the issuing bodies' integrity archives
(诚信档案), each naming the certificate's signatory. Safe to run nightly:
an anomaly already filed is not filed again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.programmes.actions import collect_anomaly_findings


class Command(BaseCommand):
    help = "File lifecycle anomalies as findings against the issuing bodies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="the day to check, YYYY-MM-DD (default: today)")
        add_signer_argument(parser, "the findings")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = signer_from(options)
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(gettext("--on 应为 YYYY-MM-DD：%(value)r") % {"value": options["on"]},
                               returncode=2) from exc
        added = collect_anomaly_findings(actor=actor, on=on)
        self.stdout.write(gettext("新增诚信档案记录%(count)s条") % {"count": added})
