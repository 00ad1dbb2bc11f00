"""`qualitycert create-api-token USERNAME NAME` — issue a bearer token for a
procurement or bank system. The token is printed once and stored as a digest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.accounts.roles import is_bureau
from qualitycert.api import actions


class Command(BaseCommand):
    help = "Create an API token for a user (normally role api_client); prints it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help='what the token is for, e.g. "区采购平台"')
        parser.add_argument("--rate", type=int, default=None,
                            help="requests per minute (default QC_RATE_TOKEN_PER_MINUTE)")
        parser.add_argument("--issued-by", default=None,
                            help="the bureau user who signs the issue (default: first admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(username=options["username"]).first()
        if owner is None:
            raise CommandError(gettext("没有此用户：%(name)s") % {"name": options["username"]}, returncode=2)
        if options["issued_by"]:
            issuer = User.objects.filter(username=options["issued_by"]).first()
        else:
            issuer = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if issuer is None or not is_bureau(issuer):
            raise CommandError(gettext("需要一名局工作人员签发令牌（--issued-by）"), returncode=2)
        try:
            token, plaintext = actions.create_api_token(
                owner=owner, name=options["name"], rate_limit_per_minute=options["rate"],
                actor=Actor.of(issuer))
        except actions.TokenError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stderr.write(gettext("令牌 %(token)s 已创建；只显示这一次：") % {"token": token})
        self.stdout.write(plaintext)
