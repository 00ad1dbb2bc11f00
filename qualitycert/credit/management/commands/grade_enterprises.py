from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from qualitycert.credit import actions
from qualitycert.credit.models import CreditError, GradingModel

from ..dates import parse_day, signer


class Command(BaseCommand):
    help = ("Grade every enterprise with archive facts as of a date under a published "
            "grading model (the latest unless --model); one batch in the audit log. "
            "Nightly: `qualitycert grade-enterprises`.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--as-of", help="the reference date YYYY-MM-DD (default: today)")
        parser.add_argument("--model", type=int, help="a published model's version")
        parser.add_argument("--signer", help="the user who runs it (default: the system)")
        parser.add_argument("--no-sync", action="store_true",
                            help="do not first bring the registry's certificate facts up to date")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        as_of = parse_day(options["as_of"], "--as-of")
        actor = signer(options["signer"])
        model = None
        if options["model"] is not None:
            model = GradingModel.objects.filter(version=options["model"]).first()
            if model is None:
                raise CommandError(gettext("没有版本为 %(version)s 的评价模型")
                                   % {"version": options["model"]}, returncode=2)
        try:
            if not options["no_sync"]:
                synced = actions.sync_registry_facts(actor=actor)
                self.stderr.write(gettext("登记库事实：新增 %(added)s 条，终止 %(ended)s 条")
                                  % {"added": synced["added"], "ended": synced["ended"]})
            run = actions.grade_enterprises(as_of=as_of, actor=actor, model=model)
        except (CreditError, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        shares = ", ".join(f"{g} {n:,}" for g, n in run.distribution.items())
        self.stdout.write(gettext("已评价 %(graded)s 家（模型 v%(version)s，基准日 %(as_of)s）："
                                  "%(shares)s；摘要 %(digest)s") % {
            "graded": f"{run.graded:,}", "version": run.model.version, "as_of": run.as_of,
            "shares": shares, "digest": run.digest})
