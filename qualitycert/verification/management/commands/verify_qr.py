"""`qualitycert verify-qr TOKEN` — check a QR payload offline against the
published public keys. Exit 0: genuine and within its validity; 1: bad, with
the reason; 2: the keys could not be read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            raise CommandError(f"无效 BAD: {exc}", returncode=1) from None
        claims = verified.summary()
        if verified.expires_on < on:
            reason = (f"签名有效，但证书有效期已于 {claims['exp']} 届满 the signature is good, "
                      f"but the certificate's validity ended on {claims['exp']}")
            self._report(options, ok=False, reason=reason, code="expired", claims=claims)
            raise CommandError(f"无效 BAD: {reason}", returncode=1)
        self._report(options, ok=True, kid=verified.kid, claims=claims)
        if not options["json"]:
            self.stdout.write(self._describe(verified))

    def _describe(self, verified: signing.VerifiedToken) -> str:
        claims = verified.summary()
        lines = [f"签名有效 GOOD: key {verified.kid}",
                 f"  证书编号 number   {claims['no']}", f"  认证机构 body     {claims['body']}"]
        if verified.compact:
            lines.append(f"  签发时状态 status when signed  {claims['status']}")
            lines.append(f"  有效期至 valid until {claims['exp']}")
        else:
            lines += [f"  获证组织 holder   {claims['holder']} ({claims['uscc']})",
                      f"  认证项目 scheme   {claims['scheme']}",
                      f"  签发 signed {claims['iat']} · 有效期至 valid until {claims['exp']}"]
        lines += ["离线核验只证明内容未被篡改；证书的实时状态（暂停、撤销）请扫码查询。",
                  "An offline check proves authenticity only; open the link for the live status."]
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
            raise CommandError(f"--at 应为 YYYY-MM-DD: {raw!r}", returncode=2) from None

    def _load_keys(self, path: str | None) -> dict[str, Any]:
        if not path:
            from qualitycert.verification import keyring

            return keyring.public_keys(refresh=True)
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
            keys = signing.load_jwks(document)
        except OSError as exc:
            raise CommandError(f"无法读取密钥文件 cannot read the keys file: {exc}",
                               returncode=2) from None
        except ValueError as exc:
            raise CommandError(f"密钥文件格式错误 the keys file is not a usable JWKS: {exc}",
                               returncode=2) from None
        if not keys:
            raise CommandError("密钥文件中没有 Ed25519 公钥 the JWKS holds no Ed25519 key",
                               returncode=2)
        return keys
