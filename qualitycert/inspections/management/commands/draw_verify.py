"""`qualitycert draw-verify FILE`: re-run a published draw record from its
inputs. Exit 0 when every hash, pick and team matches; 1 with the first
mismatch; 2 when the file is not a draw record at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.inspections.draw import RecordShapeError, first_mismatch
from qualitycert.lib.rfc3797 import DrawInputError


class Command(BaseCommand):
    help = ("Verify a published draw record (JSON): recompute the list hashes, the key "
            "string, every pick and every team. Exit 0 if all match, 1 at the first "
            "mismatch, 2 if the file is not a draw record.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the draw record (record.json)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"找不到文件 no such file: {path}", returncode=2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 cannot read {path}: {exc}", returncode=2) from None
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"不是 JSON 文件 not JSON ({exc})", returncode=2) from None
        try:
            problem = first_mismatch(record)
        except RecordShapeError as exc:
            raise CommandError(f"不是抽取记录 not a draw record: {exc}", returncode=2) from None
        except DrawInputError as exc:
            raise CommandError(f"记录中的随机源无法使用 the record's sources are unusable: {exc}",
                               returncode=2) from None
        if problem:
            raise CommandError(f"复核不一致 MISMATCH: {problem}", returncode=1)
        plan = record.get("plan") or {}
        self.stdout.write(
            f"复核一致 OK: plan {plan.get('id', '?')} {plan.get('name', '')}: "
            f"{record['candidates']['count']} candidates, "
            f"{sum(len(s['targets']) for s in record['strata'])} picks, "
            f"{len(record['assignments'])} assignments reproduced "
            f"({record['algorithm']['version']}, key {record['key_string']})")
