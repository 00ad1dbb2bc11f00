"""`qualitycert import-programme KIND FILE --signer USER`: the programmes'
records from CSV or XLSX, all rows or none (docs/data-formats.md).

Exit status: 0 imported; 1 some rows are invalid (nothing written, each bad
row listed on stderr); 2 the file cannot be read or the signer is unknown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.programmes.importers import KINDS, TableError, import_file


class Command(BaseCommand):
    help = "Import programme records (CSV/XLSX) of one kind: all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", help="CSV (UTF-8 or GBK) or XLSX; header in the first row")
        add_signer_argument(parser, "the import")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        actor = signer_from(options)
        try:
            result = import_file(options["kind"], path, actor=actor, filename=path.name)
        except TableError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except OSError as exc:
            raise CommandError(gettext("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": exc.strerror},
                               returncode=2) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.error_count > len(result.errors):
                self.stderr.write(gettext("……另有%(count)s处错误")
                                  % {"count": result.error_count - len(result.errors)})
            self.stderr.write(gettext("%(count)s处错误，未导入任何数据")
                              % {"count": result.error_count})
            sys.exit(1)
        self.stdout.write(gettext("已导入%(created)s条（共 %(rows)s 行）")
                          % {"created": result.created, "rows": result.rows})
