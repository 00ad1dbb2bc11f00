from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.credit.importers import import_facts
from qualitycert.lib.tabular import TableError

from ..dates import signer


class Command(BaseCommand):
    help = ("Import archive facts the bureau keeps (administrative penalties, complaints, "
            "forgery reports, awards, brands, commitments …; CSV or XLSX, columns in "
            "docs/data-formats.md): all rows or none; every bad row is reported.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--signer", required=True, help="the bureau user who signs it")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        actor = signer(options["signer"])
        try:
            result = import_facts(options["file"], actor=actor, dry_run=options["dry_run"])
        except (TableError, OSError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(gettext("%(count)s 处错误，未导入任何记录") % {"count": len(result.problems)},
                               returncode=1)
        self.stdout.write(gettext("读取 %(rows)s 行：新增 %(created)s 条，未变 %(unchanged)s 条") % {
            "rows": result.rows_read, "created": result.created, "unchanged": result.unchanged})
