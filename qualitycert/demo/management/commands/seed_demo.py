import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qualitycert.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from qualitycert.demo.scales import PUBLIC_SCALES, SCALES
from qualitycert.demo.writer import SeedError, registry_contents, seed_demo

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
            raise CommandError(f"--today 应为 YYYY-MM-DD must be YYYY-MM-DD: "
                               f"{options['today']!r}", returncode=2) from exc
        if today < EARLIEST_TODAY:
            raise CommandError(f"--today 不能早于 {EARLIEST_TODAY}（证书历史自2017年起，需留出数年）"
                               f" --today cannot be before {EARLIEST_TODAY} (histories start in "
                               f"2017 and need a few years to unfold): {today}", returncode=2)
        if options["if_empty"]:
            present = registry_contents()
            if present.get("enterprise"):
                self.stdout.write(f"登记库已有 {present['enterprise']:,} 家企业，跳过演示数据 "
                                  "(the registry already has enterprises; seed-demo skipped)")
                return
        scale = SCALES[options["scale"]]
        self.stderr.write(f"seed-demo: scale {scale.name}, seed {options['seed']}, "
                          f"today {today}")
        try:
            report = seed_demo(scale=scale, seed=options["seed"], today=today,
                               progress=lambda message: self.stderr.write(f"seed-demo: {message}"))
        except SeedError as exc:
            raise CommandError(str(exc), returncode=2) from exc

        counts = report.counts
        out = self.stdout.write
        out(f"演示数据已载入 demo data loaded: scale {report.scale}, seed {report.seed}, "
            f"today {report.today}, {report.seconds:.1f} s")
        out(f"  企业 enterprises {counts['enterprises']:,} (获证 certified {counts['holders']:,}); "
            f"认证机构 bodies {counts['bodies']:,} (批准失效 lapsed {counts['lapsed_bodies']}); "
            f"检验检测机构 labs {counts['labs']:,}")
        out(f"  证书 certificates {counts['certificates']:,}; 证书事件 events {counts['events']:,}")
        out("  按状态 by status: " + ", ".join(
            f"{status} {n:,}" for status, n in sorted(report.by_status.items())))
        out("  按类别 by category: " + ", ".join(
            f"{category} {n:,}" for category, n in sorted(report.by_category.items())))
        out("  持有效证书的企业 holders of a valid certificate: " + ", ".join(
            f"{category} {n:,}" for category, n in sorted(report.valid_holders_by_category.items())))
        out(f"  强制性产品认证目录 CCC categories {counts.get('ccc_categories', 0)}; "
            f"自我声明 declarations {counts.get('declarations', 0)}; "
            f"生产许可证 licences {counts.get('licences', 0)}; "
            f"抽查样品 samples {counts.get('samples', 0)}; "
            f"未获CCC案件线索 market cases {counts.get('market_cases', 0)}")
        out(f"  质量信用 credit: 档案事实 facts {counts.get('credit_facts', 0):,}; "
            f"已评价 graded {counts.get('credit_graded', 0):,} (A {counts.get('credit_grade_A', 0)}, "
            f"B {counts.get('credit_grade_B', 0)}, C {counts.get('credit_grade_C', 0)}, "
            f"D {counts.get('credit_grade_D', 0)}); 失信名单 dishonesty entries "
            f"{counts.get('credit_dishonesty', 0)}")
        out("  预置异常 planted anomalies (check-lifecycle): " + ", ".join(
            f"{kind} {n}" for kind, n in report.planted.items()))
        out(f"演示账号 demo accounts (密码 password: {DEMO_PASSWORD}):")
        for account in report.accounts:
            note = "" if account.created else "  (已存在，未改动 already existed, left as is)"
            scope = f"  {account.scope}" if account.scope else ""
            out(f"  {account.username:<16} {account.role:<13}{scope}{note}")
        out(f"工作人员双因素验证 staff second factor: TOTP secret {DEMO_TOTP_SECRET} "
            "(add it to an authenticator app, or run `qualitycert totp-code USER`)")
