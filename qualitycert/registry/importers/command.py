"""The shared body of the `import-*` management commands.

Exit status: 0 imported (or nothing to change), 1 the file has invalid rows
(nothing imported; every problem listed on stdout), 2 the file cannot be read
safely or the command was misused — one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.lib.tabular import TableError

from ..models import ImportKind
from .batch import command_line_origin
from .permissions import ImportNotAllowed
from .report import write_report_xlsx
from .runner import run_import
from .source import max_bytes_default


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class ImportCommand(BaseCommand):
    kind: ImportKind

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8 or GBK) or XLSX; header in the first row")
        add_signer_argument(parser, "the import")
        parser.add_argument("--report-xlsx", metavar="OUT",
                            help="also write the row-level error report to this XLSX file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check every row, write nothing")
        parser.add_argument("--max-mb", type=int, default=None,
                            help="refuse files larger than this many MiB "
                                 "(default: QC_MAX_UPLOAD_BYTES)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise refuse(_("文件不存在或不是普通文件：%(path)s") % {"path": path})
        actor = signer_from(options)
        max_bytes = options["max_mb"] * 1024 * 1024 if options["max_mb"] else max_bytes_default()
        origin = command_line_origin()
        try:
            result = run_import(self.kind, path, actor=actor, dry_run=options["dry_run"],
                                origin=origin, max_bytes=max_bytes, progress=self._progress)
        except TableError as exc:
            raise refuse(str(exc)) from None
        except ImportNotAllowed as exc:
            raise refuse(str(exc)) from None
        except OSError as exc:
            raise refuse(_("无法读取文件：%(error)s") % {"error": exc.strerror or exc}) from None
        try:
            if options["report_xlsx"]:
                write_report_xlsx(result.errors, options["report_xlsx"])
            if result.errors:
                for error in result.errors:
                    self.stdout.write(str(error))
                raise CommandError(result.summary(), returncode=1)
            for uscc, old, new in result.renamed:
                self.stdout.write(_("获证组织更名：%(uscc)s “%(old)s” → “%(new)s”（原名称记为曾用名）")
                                  % {"uscc": uscc, "old": old, "new": new})
            self.stdout.write(result.summary())
        finally:
            result.errors.close()

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
        sys.stderr.flush()
