"""`qualitycert link-ccc-certificates`: link every CCC certificate whose
16-digit number names a catalogue category (year, body, category, serial) to
that category, so the market check and the inspection libraries find it.
Run after importing certificates; links already made are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.catalog.actions import link_ccc_certificates_by_number


class Command(BaseCommand):
    help = "Link CCC certificates to catalogue categories by their number."

    def handle(self, *args: Any, **options: Any) -> None:
        # Mechanical (the number says the category): the system links, no one decides.
        linked = link_ccc_certificates_by_number(actor=Actor.system())
        self.stdout.write(gettext("已关联%(count)s张证书") % {"count": linked})
