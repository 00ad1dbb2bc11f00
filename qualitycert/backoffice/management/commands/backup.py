"""`qualitycert backup --out FILE` — a consistent copy of the database while
the site keeps serving: SQLite's online backup, or pg_dump's custom format
(docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.backoffice.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite online backup, or pg_dump custom format)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.is_dir():
            raise CommandError(gettext("--out 应为文件而不是目录：%(path)s") % {"path": out})
        try:
            kind = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = out.stat().st_size
        self.stdout.write(gettext("备份完成：%(path)s（%(kind)s，%(size)s 字节）") % {"path": out, "kind": kind, "size": f"{size:,}"})
