"""`qualitycert sign-links` — sign certificates' verification links ahead of
time, so that public lookups serve a stored signature instead of signing one
per request (see qualitycert.verification.signed_links). Run it after an
import, after `rotate-signing-key`, and nightly from cron; it signs only what
is missing or out of date, and a lookup of a certificate it has not reached
yet still gets a correct link, signed on the spot."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from qualitycert.registry.models import Certificate
from qualitycert.verification import signed_links


class Command(BaseCommand):
    help = ("Sign certificates' verification links ahead of time "
            "(only those missing, out of date or signed by a retired key).")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Certificate.objects.count()
        started = time.monotonic()
        shown = [0.0]

        def progress(checked: int, signed: int) -> None:
            now = time.monotonic()
            if now - shown[0] >= 2 or checked >= total:
                shown[0] = now
                print("sign-links: " + gettext("已检查 %(checked)s / %(total)s，已签名 %(signed)s，%(seconds)s 秒")
                      % {"checked": f"{checked:,}", "total": f"{total:,}", "signed": f"{signed:,}",
                         "seconds": f"{now - started:.0f}"}, file=sys.stderr)

        run = signed_links.sign_links(progress=progress)
        self.stdout.write(gettext("预签名链接：已检查 %(checked)s 张证书，已签名 %(signed)s 个（%(seconds)s 秒）。")
                          % {"checked": f"{run.checked:,}", "signed": f"{run.signed:,}",
                             "seconds": f"{time.monotonic() - started:.1f}"})
