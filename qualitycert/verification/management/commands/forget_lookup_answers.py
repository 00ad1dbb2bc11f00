"""`qualitycert forget-lookup-answers` — make every cached answer of the public
lookup out of date, in every worker (qualitycert.verification.lookup_cache).
The site and the `qualitycert` commands do this themselves whenever they
change what an answer shows; run it after changing the registry's tables by
other means (SQL by hand, a restore into a running site's database)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from qualitycert.verification.lookup_cache import forget_answers


class Command(BaseCommand):
    help = "Make every cached answer of the public certificate lookup out of date."

    def handle(self, *args: Any, **options: Any) -> None:
        forget_answers()
        self.stdout.write(gettext("已清除公开查询缓存"))
