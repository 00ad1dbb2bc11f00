"""`qualitycert checkpoint` — sign the transparency log's tree head and publish
it (run daily from cron; see the README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.transparency.checkpoints import LogInconsistent, sign_checkpoint


class Command(BaseCommand):
    help = "Sign the transparency log's current tree head (C2SP checkpoint) and publish it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", help="also write the signed checkpoint to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = sign_checkpoint()
        except LogInconsistent as exc:
            raise CommandError(gettext("拒绝签署：%(error)s") % {"error": exc}) from exc
        if options.get("output"):
            output = Path(options["output"])
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(checkpoint.note, encoding="utf-8")
        self.stdout.write(gettext("已签署检查点：%(size)s 个叶，根 %(root)s，密钥 %(kid)s") % {
            "size": checkpoint.tree_size, "root": checkpoint.root_base64, "kid": checkpoint.kid})
        self.stdout.write(checkpoint.note, ending="")
