"""`qualitycert restore FILE [--force]` — put a backup made by `qualitycert
backup` into the configured database, check the schema against this
version's migrations, then verify the audit chain (`audit-verify`).
Stop the web server and the cron jobs first (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"找不到备份文件 no such backup file: {path}")
        try:
            restored = restore(path, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"恢复完成 restored: {restored.tables} tables, {restored.rows:,} rows "
                          f"({restored.kind})")
        if restored.unknown_migrations:
            raise CommandError(
                "备份来自更新的版本 the backup comes from a newer version of qualitycert: it "
                f"records migrations this version does not have ({', '.join(restored.unknown_migrations[:5])}); "
                "install that version to use it")
        if restored.pending_migrations:
            raise CommandError(
                f"备份早于本版本的 {len(restored.pending_migrations)} 个迁移 the backup predates "
                f"{len(restored.pending_migrations)} migrations of this version (first: "
                f"{restored.pending_migrations[0]}); run `qualitycert migrate`, then "
                "`qualitycert audit-verify`")
        self.stdout.write("迁移一致 migrations match this version")
        # Raises CommandError (exit 1) naming the first bad entry.
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
