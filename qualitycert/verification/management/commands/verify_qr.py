"""`qualitycert verify-qr TOKEN` — check a QR payload offline against the
published public keys. Exit 0: genuine and within its validity; 1: bad, with
the reason; 2: the keys could not be read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.lib import signing


class Command(BaseCommand):
    help = ("Verify a certificate QR token (or the whole /v/<token> link) offline against the "
            "published Ed25519 keys. Exit 0 if good, 1 if bad (with the reason).")
    # An offline tool: with --keys it must run on a machine without the
    # project's database, so skip the checks that would touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("payload", help="the token, or the full https://…/v/<token> link")
        parser.add_argument("--keys", metavar="FILE",
                            help="a JWKS file (as served at /.well-known/qualitycert-keys.json); "
                                 "default: the keys in the database")
        parser.add_argument("--at", metavar="YYYY-MM-DD",
                            help="judge the token's validity on this date (default: today)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from qualitycert.verification.qr import token_from_text

        keys = self._load_keys(options.get("keys"))
        on = self._date(options.get("at"))
        token = token_from_text(options["payload"])
        try:
            verified = signing.verify(token, keys)
        except signing.InvalidToken as exc:
            self._report(options, ok=False, reason=str(exc), code=exc.code)
            raise CommandError(gettext("无效：%(reason)s") % {"reason": exc}, returncode=1) from None
        claims = verified.summary()
        if verified.expires_on < on:
            reason = (gettext("签名有效，但证书有效期已于 %(date)s 届满")
                      % {"date": claims["exp"]})
            self._report(options, ok=False, reason=reason, code="expired", claims=claims)
            raise CommandError(gettext("无效：%(reason)s") % {"reason": reason}, returncode=1)
        self._report(options, ok=True, kid=verified.kid, claims=claims)
        if not options["json"]:
            self.stdout.write(self._describe(verified))

    def _describe(self, verified: signing.VerifiedToken) -> str:
        claims = verified.summary()
        lines = [gettext("签名有效：密钥 %(kid)s") % {"kid": verified.kid},
                 f"  {gettext('证书编号')}  {claims['no']}", f"  {gettext('认证机构')}  {claims['body']}"]
        if verified.compact:
            lines.append(f"  {gettext('签发时状态')}  {claims['status']}")
            lines.append(f"  {gettext('有效期至')}  {claims['exp']}")
        else:
            lines += [f"  {gettext('获证组织')}  {claims['holder']} ({claims['uscc']})",
                      f"  {gettext('认证项目')}  {claims['scheme']}",
                      f"  {gettext('签发')} {claims['iat']} · {gettext('有效期至')} {claims['exp']}"]
        lines.append(gettext("离线核验只证明内容未被篡改；证书的实时状态（暂停、撤销）请扫码查询。"))
        return "\n".join(lines)

    def _report(self, options: dict[str, Any], **result: Any) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _date(self, raw: str | None) -> dt.date:
        if not raw:
            from django.utils import timezone

            return timezone.localdate()
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise CommandError(gettext("--at 应为 YYYY-MM-DD：%(value)r") % {"value": raw}, returncode=2) from None

    def _load_keys(self, path: str | None) -> dict[str, Any]:
        if not path:
            from qualitycert.verification import keyring

            return keyring.public_keys(refresh=True)
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
            keys = signing.load_jwks(document)
        except OSError as exc:
            raise CommandError(gettext("无法读取密钥文件：%(error)s") % {"error": exc},
                               returncode=2) from None
        except ValueError as exc:
            raise CommandError(gettext("密钥文件不是可用的 JWKS：%(error)s") % {"error": exc},
                               returncode=2) from None
        if not keys:
            raise CommandError(gettext("密钥文件中没有 Ed25519 公钥"),
                               returncode=2)
        return keys
