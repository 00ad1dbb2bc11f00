"""`qualitycert audit-verify` — exit 0 if the audit log, the transparency log
and the registry agree with each other and with every checkpoint the bureau
signed; otherwise name the first divergence (an entry, a certificate, a leaf
or a checkpoint) and the ones after it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from qualitycert.transparency.management.report import print_report
from qualitycert.transparency.verify import verify


class Command(BaseCommand):
    help = ("Verify the audit log's hash chain, the transparency log and the registry's replay; "
            "exit 0 if intact, else name the first bad entry or certificate.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--show", type=int, default=20, help="findings to list (default 20)")

    def handle(self, *args: Any, **options: Any) -> None:
        print_report(self.stdout, verify(), label=gettext("审计日志"), show=options["show"])
