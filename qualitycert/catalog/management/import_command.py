"""The shared body of the catalog's `import-*` commands.

Exit status: 0 imported (or nothing to change); 1 some rows are invalid
(nothing written, each bad row listed on stderr); 2 the file cannot be read
(format, encoding, header) or the signer is unknown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.catalog.importers import KINDS, TableError


class CatalogImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8 or GBK) or XLSX; header in the first row")
        add_signer_argument(parser, "the import")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        actor = signer_from(options)
        try:
            result = KINDS[self.kind].run(path, actor=actor, filename=path.name)
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
        self.stdout.write(f"已导入{result.created}条，未变{result.unchanged}条 "
                          f"imported {result.created}, unchanged {result.unchanged}")
