"""`qualitycert log-verify --checkpoint FILE [--server URL] [--key VKEY]`

Checks that today's log extends a checkpoint you kept: nothing in the first
N leaves it signed was removed or rewritten.

- Without --server (on the bureau's machine): rebuilds the tree from the
  leaves' data, compares every audit entry and every certificate with its
  leaves, and names the first divergence.
- With --server URL (anywhere): fetches the latest checkpoint and a
  consistency proof from the public API and verifies them.

The checkpoint's signature is checked with --key (a note verifier key,
`name+id+base64`, or a file holding one) if given — pin it, an attacker who
can rewrite the database can also replace the keys it publishes — else with
the keys the log publishes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.lib import note
from qualitycert.transparency.checkpoints import note_keys
from qualitycert.transparency.management.report import print_report
from qualitycert.transparency.remote import RemoteError, check_server
from qualitycert.transparency.verify import verify


class Command(BaseCommand):
    help = "Verify that the log is consistent with a checkpoint you kept, and name any divergence."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--checkpoint", required=True, help="a signed checkpoint file")
        parser.add_argument("--server", help="verify through this server's public API instead")
        parser.add_argument("--key", help="the trusted verifier key (or a file containing it)")
        parser.add_argument("--show", type=int, default=20, help="findings to list (default 20)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["checkpoint"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(gettext("无法读取检查点：%(error)s") % {"error": exc}) from exc
        keys = _pinned(options["key"]) if options["key"] else None
        if options["server"]:
            try:
                result = check_server(options["server"], text, keys)
            except RemoteError as exc:
                raise CommandError(gettext("日志不一致：%(error)s") % {"error": exc}) from exc
            self.stdout.write(gettext("日志一致：%(new)s 个叶的日志延续了您 %(old)s 个叶的检查点")
                              % {"new": result.new.size, "old": result.old.size})
            return
        try:
            checkpoint = note.open_checkpoint(text, keys if keys is not None else note_keys())
        except note.NoteError as exc:
            raise CommandError(gettext("检查点签名无效：%(error)s") % {"error": exc}) from exc
        print_report(self.stdout, verify([checkpoint]), label=gettext("透明日志"),
                     show=options["show"])


def _pinned(value: str) -> list[note.NoteKey]:
    path = Path(value)
    text = path.read_text(encoding="utf-8") if path.is_file() else value
    try:
        return [note.parse_verifier_key(line) for line in text.split() if line]
    except note.NoteError as exc:
        raise CommandError(f"--key: {exc}") from exc
