from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.api.models import ApiToken
from qualitycert.credit import actions
from qualitycert.credit.models import CreditError, InstitutionKind

from ..dates import signer


class Command(BaseCommand):
    help = ("Grant or revoke a bank's or insurer's API token the credit:financing scope "
            "(GET /api/v1/credit/financing).")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("step", choices=["grant", "revoke"])
        parser.add_argument("--token-prefix", required=True, help="the token's shown prefix")
        parser.add_argument("--institution", default="")
        parser.add_argument("--kind", choices=list(InstitutionKind.values), default="bank")
        parser.add_argument("--signer", required=True)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        actor = signer(options["signer"])
        token = ApiToken.objects.filter(token_prefix=options["token_prefix"]).first()
        if token is None:
            raise CommandError(gettext("没有前缀为 %(prefix)s 的令牌") % {"prefix": options["token_prefix"]},
                               returncode=2)
        try:
            if options["step"] == "grant":
                actions.grant_financing_access(token, institution=options["institution"],
                                               kind=options["kind"], actor=actor)
            else:
                actions.revoke_financing_access(token, actor=actor)
        except (CreditError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"{options['step']}: {token}")
