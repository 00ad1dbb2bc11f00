import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.registry.actions import expire_due_certificates


class Command(BaseCommand):
    help = "Daily job: expire every valid or suspended certificate whose end date has passed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--on", help="treat this date (YYYY-MM-DD) as today")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(gettext("--on 应为 YYYY-MM-DD：%(value)r")
                                   % {"value": options["on"]}) from exc
        # Expiry is the calendar's, not a decision: the system signs it.
        count = expire_due_certificates(on=on, actor=Actor.system())
        self.stdout.write(gettext("已置为过期：%(count)s") % {"count": count})
