import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.registry.queries import anomalies


class Command(BaseCommand):
    help = ("List lifecycle anomalies a supervisor must act on; exit status 1 when any "
            "is found, so a cron job can alert.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--on", help="reference date (YYYY-MM-DD), default today")
        parser.add_argument("--limit", type=int, default=50,
                            help="certificates listed per kind (all are counted)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(gettext("--on 应为 YYYY-MM-DD：%(value)r") % {"value": options["on"]}) from exc
        total = 0
        for kind, qs in anomalies(on):
            count = qs.count()
            total += count
            self.stdout.write(f"[{kind.code}] {kind.title_zh} / {kind.title_en}: {count}")
            for cert in qs[: options["limit"]]:
                self.stdout.write(
                    f"  {cert.number}\t{cert.body.approval_number}\t{cert.holder.uscc}\t"
                    f"{cert.holder.name}\t{cert.scheme.code}\t{cert.status}\t"
                    f"issued {cert.issued_on}\tsurveillance {cert.last_surveillance_on or '-'}"
                )
        self.stdout.write(gettext("合计：%(total)s") % {"total": total})
        if total:
            raise SystemExit(1)
