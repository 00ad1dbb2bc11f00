"""`qualitycert import-holiday-arrangements FILE --signer USER`: enter the State
Council's notice(s) from a small JSON or CSV file (docs/data-formats.md).

Exit status: 0 entered; 1 the file has problems (nothing entered, every
problem listed on stdout); 2 the file cannot be read or the command was misused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.lib.arrangement_files import MAX_FILE_BYTES, NoticeFileError, read_notices
from qualitycert.workcalendar.actions import import_arrangements
from qualitycert.workcalendar.models import ArrangementError

from ._signer import add_signer_argument, signer


class Command(BaseCommand):
    help = "Enter the State Council's holiday notice(s) from a JSON or CSV file: all or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".json or .csv (UTF-8)")
        add_signer_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = signer(options["signer"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc.strerror or exc}", returncode=2) from None
        try:
            records = read_notices(content, filename=path.name)
            outcomes = import_arrangements(records, actor=actor)
        except (NoticeFileError, ArrangementError) as exc:
            for problem in exc.problems:
                self.stdout.write(problem)
            raise CommandError(f"未导入：共 {len(exc.problems)} 处问题", returncode=1) from None
        for outcome in outcomes:
            verb = "修订" if outcome.superseded else "录入"
            self.stdout.write(f"{outcome.notice}：已{verb}，{outcome.deadlines_moved} 个期限重新计算")
