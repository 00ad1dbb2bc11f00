"""`qualitycert draw-verify FILE`: re-run a published draw record from its
inputs. Exit 0 when every hash, pick and team matches; 1 with the first
mismatch; 2 when the file is not a draw record at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language, gettext

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
            raise CommandError(gettext("找不到文件：%(path)s") % {"path": path}, returncode=2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(gettext("无法读取文件 %(path)s：%(error)s") % {"path": path, "error": exc},
                               returncode=2) from None
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(gettext("不是 JSON 文件（%(error)s）") % {"error": exc}, returncode=2) from None
        try:
            problem = first_mismatch(record)
        except RecordShapeError as exc:
            raise CommandError(gettext("不是抽取记录：%(error)s") % {"error": exc}, returncode=2) from None
        except DrawInputError as exc:
            reason = exc.message_en if get_language() == "en" else exc.message_zh
            raise CommandError(gettext("记录中的随机源无法使用：%(error)s") % {"error": reason},
                               returncode=2) from None
        if problem:
            raise CommandError(gettext("复核不一致：%(problem)s") % {"problem": problem}, returncode=1)
        plan = record.get("plan") or {}
        self.stdout.write(
            gettext("复核一致：计划 %(id)s %(name)s：候选 %(candidates)s 个，抽中 %(picks)s 个，"
                    "%(assignments)s 个检查组分配均已重现（%(algorithm)s，密钥串 %(key)s）") % {
                "id": plan.get("id", "?"), "name": plan.get("name", ""),
                "candidates": record["candidates"]["count"],
                "picks": sum(len(s["targets"]) for s in record["strata"]),
                "assignments": len(record["assignments"]),
                "algorithm": record["algorithm"]["version"], "key": record["key_string"]})
