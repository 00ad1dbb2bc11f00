"""`qualitycert rotate-signing-key` — make a new key current. The old key is
retired but stays in the published JWKS, so QR codes already printed verify.

With QC_PRODUCTION=1 a named administrator signs the rotation and confirms it
with their current second-factor code (re-authentication, issue 12):

    qualitycert rotate-signing-key --signer secadmin --reason "年度轮换"
    (prompts for the code; --totp-code CODE for scripts)
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.reauth import SignerRefused, confirm_signer
from qualitycert.accounts.roles import KEY_MANAGERS
from qualitycert.verification import actions
from qualitycert.verification.models import KeyPurpose, SigningKey


class Command(BaseCommand):
    help = "Rotate the Ed25519 key that signs certificate QR tokens (old keys stay published)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", default="", help="why (recorded in the audit log)")
        parser.add_argument("--purpose", choices=KeyPurpose.values, default=KeyPurpose.TOKEN,
                            help="which key: certificate tokens (default) or log checkpoints")
        parser.add_argument("--signer", default="",
                            help="the administrator who rotates (required with QC_PRODUCTION=1)")
        parser.add_argument("--totp-code", default="",
                            help="the signer's current second-factor code (prompted if omitted)")

    def _actor(self, options: dict[str, Any]) -> Actor:
        signer = options["signer"]
        if not signer:
            if settings.PRODUCTION:
                raise CommandError("with QC_PRODUCTION=1 a rotation needs --signer USER and "
                                   "that user's second-factor code")
            return Actor.system()
        code = options["totp_code"]
        if not code and sys.stdin.isatty():
            code = getpass.getpass(gettext("%(user)s 的动态验证码：") % {"user": signer})
        try:
            return confirm_signer(signer, code, roles=KEY_MANAGERS)
        except SignerRefused as exc:
            raise CommandError(f"re-authentication refused: {exc}") from None

    def handle(self, *args: Any, **options: Any) -> None:
        purpose = KeyPurpose(options["purpose"])
        previous = SigningKey.objects.filter(is_current=True, purpose=purpose).values_list(
            "kid", flat=True).first()
        actor = self._actor(options)
        new = actions.rotate_signing_key(actor=actor, reason=options["reason"], purpose=purpose)
        if purpose == KeyPurpose.CHECKPOINT:
            self.stdout.write(gettext("新检查点密钥：%(kid)s") % {"kid": new.kid}
                              + (gettext("；停用 %(kid)s") % {"kid": previous} if previous else ""))
            return
        retired = gettext("；停用 %(kid)s") % {"kid": previous} if previous else ""
        self.stdout.write(gettext("新签名密钥：%(kid)s%(retired)s。其他进程将在一分钟内切换。"
                                  "请运行 qualitycert sign-links 用新密钥重签预签名链接。")
                          % {"kid": new.kid, "retired": retired})
