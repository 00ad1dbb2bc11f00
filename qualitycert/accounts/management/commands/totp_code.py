"""`qualitycert totp-code USER`: print the code a demo account's authenticator
would show now, so the demo can be tried without a phone. Refused with
QC_PRODUCTION=1: there the code comes from the member of staff's own phone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycert.accounts import twofactor
from qualitycert.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (refused in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("totp-code is for the demo only and is refused when "
                               "QC_PRODUCTION=1")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        device = twofactor.confirmed_totp(user)
        if device is None:
            raise CommandError(f"{user.username} has no authenticator enrolled")
        self.stdout.write(twofactor.current_code(device))
