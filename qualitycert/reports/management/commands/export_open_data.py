"""`qualitycert export-open-data [--out DIR]`: the daily open-data files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.reports.opendata import export_open_data, open_data_dir


class Command(BaseCommand):
    help = ("Write the public registries (certificates, bodies, labs, schemes) as CSV and JSON, "
            "plus manifest.json, into DIR (default: the directory the site serves).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help=f"directory (default {open_data_dir()})")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else open_data_dir()
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out 不是目录 is not a directory: {out}", returncode=2)
        try:
            manifest = export_open_data(out)
        except OSError as exc:
            raise CommandError(f"无法写入 cannot write {out}: {exc}", returncode=2) from exc
        for ds in manifest["datasets"]:
            for f in ds["files"]:
                self.stdout.write(f"{f['file']}\t{f['records']} records\t{f['bytes']} bytes")
