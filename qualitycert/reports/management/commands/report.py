"""`qualitycert report annual --year Y --format html|pdf|xlsx --out FILE`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.reports import builders
from qualitycert.reports.annual import FORMATS, MAX_YEAR, MIN_YEAR, build_annual_report


class Command(BaseCommand):
    help = "Reports. `annual`: the annual analysis report of a year, as of 31 December."

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
            raise CommandError(gettext("--year 应在%(min)s–%(max)s之间：%(year)s")
                               % {"min": MIN_YEAR, "max": MAX_YEAR, "year": year}, returncode=2)
        out = options["out"]
        target = None if out == "-" else Path(out)
        if target is not None and not target.parent.is_dir():
            raise CommandError(gettext("--out 所在目录不存在：%(path)s") % {"path": target.parent},
                               returncode=2)
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
        self.stderr.write(gettext("已写入 %(path)s（%(size)s 字节）") % {"path": target, "size": f"{len(data):,}"})
