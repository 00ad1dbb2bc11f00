"""`qualitycert rotate-signing-key` — make a new key current. The old key is
retired but stays in the published JWKS, so QR codes already printed verify."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qualitycert.accounts.actor import Actor
from qualitycert.verification import actions
from qualitycert.verification.models import KeyPurpose, SigningKey


class Command(BaseCommand):
    help = "Rotate the Ed25519 key that signs certificate QR tokens (old keys stay published)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", default="", help="why (recorded in the audit log)")
        parser.add_argument("--purpose", choices=KeyPurpose.values, default=KeyPurpose.TOKEN,
                            help="which key: certificate tokens (default) or log checkpoints")

    def handle(self, *args: Any, **options: Any) -> None:
        purpose = KeyPurpose(options["purpose"])
        previous = SigningKey.objects.filter(is_current=True, purpose=purpose).values_list(
            "kid", flat=True).first()
        new = actions.rotate_signing_key(actor=Actor.system(), reason=options["reason"], purpose=purpose)
        if purpose == KeyPurpose.CHECKPOINT:
            self.stdout.write(f"新检查点密钥 new checkpoint key: {new.kid}"
                              + (f"; retired {previous}" if previous else ""))
            return
        retired = f"; retired {previous}" if previous else ""
        self.stdout.write(f"新签名密钥 new signing key: {new.kid}{retired}. "
                          "其他进程将在一分钟内切换 other processes switch within a minute. "
                          "请运行 qualitycert sign-links 用新密钥重签预签名链接 "
                          "run qualitycert sign-links to re-sign the stored links with it.")
