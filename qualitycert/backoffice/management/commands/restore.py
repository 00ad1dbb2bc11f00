"""`qualitycert restore FILE [--force]` — put a backup made by `qualitycert
backup` into the configured database, check the schema against this
version's migrations, then verify the audit chain (`audit-verify`).
Stop the web server and the cron jobs first (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.backoffice.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup into the database (refuses one that has tables unless --force), "
            "check migrations, then run audit-verify.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="a file written by `qualitycert backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the contents of a database that already has tables")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(gettext("找不到备份文件：%(path)s") % {"path": path})
        try:
            restored = restore(path, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(gettext("恢复完成：%(tables)s 张表，%(rows)s 行（%(kind)s）") % {
            "tables": restored.tables, "rows": f"{restored.rows:,}", "kind": restored.kind})
        if restored.unknown_migrations:
            raise CommandError(
                gettext("备份来自更新的版本：其中有本版本没有的迁移（%(names)s）；请安装那个版本再使用")
                % {"names": ", ".join(restored.unknown_migrations[:5])})
        if restored.pending_migrations:
            raise CommandError(
                gettext("备份早于本版本的 %(count)s 个迁移（第一个：%(first)s）；请先运行 "
                        "`qualitycert migrate`，再运行 `qualitycert audit-verify`")
                % {"count": len(restored.pending_migrations),
                   "first": restored.pending_migrations[0]})
        self.stdout.write(gettext("迁移一致"))
        # Raises CommandError (exit 1) naming the first bad entry.
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
