import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from qualitycert.demo.scales import PUBLIC_SCALES, SCALES
from qualitycert.demo.writer import SeedError, SeedReport, registry_contents, seed_demo

EARLIEST_TODAY = dt.date(2021, 1, 1)


class Command(BaseCommand):
    help = ("Load demo data: Binhai New Area (district, the default), Tianjin (province) or "
            "China (national). Deterministic for a given --seed and --today.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--scale", default="district", choices=list(SCALES),
                            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
                            help="how much data (default: district)")
        parser.add_argument("--seed", type=int, default=2019,
                            help="random seed; the same seed gives the same data (default 2019)")
        parser.add_argument("--today", help="the reference date YYYY-MM-DD (default: today)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if the registry already has enterprises")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            today = (dt.date.fromisoformat(options["today"]) if options["today"]
                     else timezone.localdate())
        except ValueError as exc:
            raise CommandError(_("--today 应为 YYYY-MM-DD：%(value)r") % {"value": options["today"]},
                               returncode=2) from exc
        if today < EARLIEST_TODAY:
            raise CommandError(_("--today 不能早于 %(earliest)s（证书历史自2017年起，需留出数年）："
                                 "%(today)s") % {"earliest": EARLIEST_TODAY, "today": today},
                               returncode=2)
        if options["if_empty"]:
            present = registry_contents()
            if present.get("enterprise"):
                self.stdout.write(_("登记库已有 %(n)s 家企业，跳过演示数据") % {
                    "n": f"{present['enterprise']:,}"})
                return
        scale = SCALES[options["scale"]]
        self.stderr.write(f"seed-demo: scale {scale.name}, seed {options['seed']}, "
                          f"today {today}")
        try:
            report = seed_demo(scale=scale, seed=options["seed"], today=today,
                               progress=lambda message: self.stderr.write(f"seed-demo: {message}"))
        except SeedError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._summary(report)

    def _summary(self, report: SeedReport) -> None:
        counts = report.counts

        def n(key: str) -> str:
            return f"{counts.get(key, 0):,}"

        def listed(items: dict[str, int]) -> str:
            return ", ".join(f"{name} {number:,}" for name, number in sorted(items.items()))

        out = self.stdout.write
        out(_("演示数据已载入：规模 %(scale)s，种子 %(seed)s，基准日 %(today)s，用时 %(seconds)s 秒")
            % {"scale": report.scale, "seed": report.seed, "today": report.today,
               "seconds": f"{report.seconds:.1f}"})
        out("  " + _("企业 %(enterprises)s（获证 %(holders)s）；认证机构 %(bodies)s（批准失效 "
                     "%(lapsed)s）；检验检测机构 %(labs)s") % {
            "enterprises": n("enterprises"), "holders": n("holders"), "bodies": n("bodies"),
            "lapsed": n("lapsed_bodies"), "labs": n("labs")})
        out("  " + _("证书 %(certificates)s；证书事件 %(events)s") % {
            "certificates": n("certificates"), "events": n("events")})
        out("  " + _("按状态：%(list)s") % {"list": listed(report.by_status)})
        out("  " + _("按类别：%(list)s") % {"list": listed(report.by_category)})
        out("  " + _("持有效证书的企业：%(list)s") % {
            "list": listed(report.valid_holders_by_category)})
        out("  " + _("强制性产品认证目录 %(categories)s；自我声明 %(declarations)s；生产许可证 "
                     "%(licences)s；抽查样品 %(samples)s；未获CCC案件线索 %(cases)s") % {
            "categories": n("ccc_categories"), "declarations": n("declarations"),
            "licences": n("licences"), "samples": n("samples"), "cases": n("market_cases")})
        out("  " + _("质量信用：档案事实 %(facts)s；已评价 %(graded)s（A %(a)s，B %(b)s，C %(c)s，"
                     "D %(d)s）；失信名单 %(dishonesty)s") % {
            "facts": n("credit_facts"), "graded": n("credit_graded"), "a": n("credit_grade_A"),
            "b": n("credit_grade_B"), "c": n("credit_grade_C"), "d": n("credit_grade_D"),
            "dishonesty": n("credit_dishonesty")})
        out("  " + _("预置异常（check-lifecycle）：%(list)s") % {
            "list": ", ".join(f"{kind} {number}" for kind, number in report.planted.items())})
        out(_("演示账号（密码：%(password)s）：") % {"password": DEMO_PASSWORD})
        for account in report.accounts:
            note = "" if account.created else "  " + _("（已存在，未改动）")
            scope = f"  {account.scope}" if account.scope else ""
            out(f"  {account.username:<16} {account.role:<13}{scope}{note}")
        out(_("工作人员双因素验证：TOTP 密钥 %(secret)s（添加到验证器应用，或运行 "
              "`qualitycert totp-code USER`）") % {"secret": DEMO_TOTP_SECRET})
