"""Import supervision-sampling results (监督抽查) from CSV or XLSX: all rows or none.

Exit status: 0 imported; 1 some rows are invalid (nothing written, each bad row
listed); 2 the file cannot be read (format, encoding, header)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.catalog.importers import TableError, import_samplings


class Command(BaseCommand):
    help = "导入监督抽查结果（CSV/XLSX，全部成功或全部不导入） import sampling results"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_signer_argument(parser, "the import")
        parser.add_argument("--source", default="",
                            help="数据来源，如“2026年第一批区级监督抽查” where the data comes from")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        actor = signer_from(options)
        try:
            result = import_samplings(path, source=options["source"], actor=actor)
        except TableError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"无法读取文件 cannot read {path}: {exc.strerror}",
                               returncode=2) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.error_count > len(result.errors):
                self.stderr.write(f"… {result.error_count - len(result.errors)} more")
            self.stderr.write(f"{result.error_count}行有误，未导入任何数据 "
                              f"{result.error_count} invalid rows; nothing was imported")
            sys.exit(1)
        self.stdout.write(f"已导入{result.created}条 imported {result.created} records")
