"""`qualitycert report annual --year Y --format html|pdf|xlsx --out FILE`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.reports import builders
from qualitycert.reports.annual import FORMATS, MAX_YEAR, MIN_YEAR, build_annual_report


class Command(BaseCommand):
    help = "Reports. `annual`: the annual analysis report (年度分析报告) of a year, as of 31 December."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True, metavar="REPORT",
                                    parser_class=type(parser))
        annual = sub.add_parser("annual", help="the annual analysis report",
                                called_from_command_line=getattr(parser, "called_from_command_line", None))
        annual.add_argument("--year", type=int, required=True, help="the report's year")
        annual.add_argument("--format", choices=FORMATS, required=True)
        annual.add_argument("--out", required=True, help="file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"--year 应在{MIN_YEAR}–{MAX_YEAR}之间 "
                               f"must be between {MIN_YEAR} and {MAX_YEAR}: {year}", returncode=2)
        out = options["out"]
        target = None if out == "-" else Path(out)
        if target is not None and not target.parent.is_dir():
            raise CommandError(f"--out 所在目录不存在 the directory of --out does not exist: "
                               f"{target.parent}", returncode=2)
        data = builders.build(build_annual_report(year), options["format"])
        if target is None:
            sys.stdout.buffer.write(data)
            return
        # Written beside the target and renamed: an existing report is replaced
        # whole or not at all.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        self.stderr.write(f"写入 wrote {target} ({len(data):,} bytes)")
