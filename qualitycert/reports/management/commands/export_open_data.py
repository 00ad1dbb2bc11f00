"""`qualitycert export-open-data [--out DIR]`: the daily open-data files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.reports.opendata import export_open_data, open_data_dir


class Command(BaseCommand):
    help = ("Write the public registries (certificates, bodies, labs, schemes) as CSV and JSON, "
            "plus manifest.json, into DIR (default: the directory the site serves).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help=f"directory (default {open_data_dir()})")
        parser.add_argument("--language", choices=[code for code, _ in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE,
                            help="the language of the titles (default: the site's); "
                                 "field names are the same in every language")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else open_data_dir()
        if out.exists() and not out.is_dir():
            raise CommandError(gettext("--out 不是目录：%(path)s") % {"path": out}, returncode=2)
        try:
            manifest = export_open_data(out, language=options["language"])
        except OSError as exc:
            raise CommandError(gettext("无法写入 %(path)s：%(error)s") % {"path": out, "error": exc},
                               returncode=2) from exc
        for ds in manifest["datasets"]:
            for f in ds["files"]:
                self.stdout.write(gettext("%(file)s\t%(records)s 条记录\t%(bytes)s 字节") % {
                    "file": f["file"], "records": f["records"], "bytes": f["bytes"]})
