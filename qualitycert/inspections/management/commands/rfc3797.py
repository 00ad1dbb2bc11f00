"""`qualitycert rfc3797 --pool N --pick K --source "…" …`: an RFC 3797 draw
from the command line, so anyone can reproduce a published selection."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language, gettext

from qualitycert.lib.rfc3797 import ALGORITHM_VERSIONS, DrawInputError, key_string, select


class Command(BaseCommand):
    help = ("Run an RFC 3797 selection: print the picked 1-based positions in pick order, "
            "one per line. Plain RFC 3797 allows at most 65,536 picks; "
            "--algorithm rfc3797-ext4 reproduces our documented larger draws.")
    # A pure computation: no database, no system checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pool", type=int, required=True,
                            help="number of candidates in the published list")
        parser.add_argument("--pick", type=int, required=True, help="number of picks")
        parser.add_argument("--source", action="append", required=True,
                            help='one random source, e.g. "2 5 12 8 10"; repeat in published order')
        parser.add_argument("--algorithm", choices=list(ALGORITHM_VERSIONS), default="rfc3797",
                            help="rfc3797 (default) or our extension rfc3797-ext4")
        parser.add_argument("--show-key", action="store_true",
                            help="also print the key string (to stderr)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = key_string(options["source"])
            picks = select(options["pool"], options["pick"], key, version=options["algorithm"])
        except DrawInputError as exc:
            # qualitycert.lib is Django-free: it gives the reason in both languages.
            message = exc.message_en if get_language() == "en" else exc.message_zh
            if options["algorithm"] == "rfc3797" and options["pick"] > 65_536:
                message += gettext("（如需复核更大规模的抽取，请加 --algorithm rfc3797-ext4）")
            raise CommandError(message, returncode=2) from None
        if options["show_key"]:
            self.stderr.write(f"key string: {key}")
        if picks:
            self.stdout.write("\n".join(str(p + 1) for p in picks))
