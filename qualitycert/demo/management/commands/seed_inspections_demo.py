"""`qualitycert seed-inspections-demo`: a demo of 双随机 end to end — an
inspector library for two departments, a joint plan, its commit and draw —
and the published draw record written to a file for `draw-verify`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role, User
from qualitycert.demo.accounts import enrol_demo_second_factor, link_readme_inspectors
from qualitycert.inspections import actions
from qualitycert.inspections.models import CheckItemKind, Inspector, PlanError, Target, TargetKind
from qualitycert.lib import uscc as uscc_lib
from qualitycert.lib.rfc3797 import DrawInputError, key_string
from qualitycert.plan.models import Department
from qualitycert.registry.models import Enterprise, LegalStatus

# The documented demo password (README), for demo accounts only.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 # nosec B105 # published in the README
DEPARTMENTS = [("区市场监管局", "scjgj"), ("区商务和投促局", "swtcj")]
# (username, name, department code, enforcement number)
INSPECTORS = [
    ("insp_zhang", "张执法", "scjgj", "12011601001"),
    ("insp_wang", "王执法", "scjgj", "12011601002"),
    ("insp_li", "李执法", "scjgj", "12011601003"),
    ("insp_zhao", "赵执法", "scjgj", "12011601004"),
    ("insp_chen", "陈执法", "scjgj", "12011601005"),
    ("insp_liu", "刘执法", "scjgj", "12011601006"),
    ("insp_sun", "孙商务", "swtcj", "12011602001"),
    ("insp_zhou", "周商务", "swtcj", "12011602002"),
]
# The sources of RFC 3797's own example, so the demo is easy to check by hand.
DEMO_SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"]
DEMO_LABELS = ["体彩排列4开奖号码（4位数字作一个数）",
               "体彩大乐透前区5个号码",
               "福彩双色球红球6个号码"]


class Command(BaseCommand):
    help = ("Create a demo inspector library, a joint plan, commit and draw it, and write "
            "the published draw record to a file (for `qualitycert draw-verify`).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "demo-draw-record.json"),
                            help="where to write the draw record (default var/demo-draw-record.json)")
        parser.add_argument("--enterprises", type=int, default=40,
                            help="demo enterprises to add when the registry holds fewer")
        parser.add_argument("--source", action="append",
                            help="source values for the draw (default: RFC 3797's example)")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = options["source"] or DEMO_SOURCES
        try:
            key_string(sources)
        except DrawInputError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["enterprises"] < 0:
            raise CommandError("--enterprises must be 0 or more", returncode=2)
        output = Path(options["output"])
        with transaction.atomic():
            # Keyed by our code: the plan app may have loaded the units with its own codes.
            by_code = {code: Department.objects.get_or_create(name=name, defaults={"code": code})[0]
                       for name, code in DEPARTMENTS}
            departments = list(by_code.values())
            self._enterprises(options["enterprises"])
            actions.refresh_target_library(actor=Actor.system())
            self._demo_classes()
            inspectors = self._inspectors(by_code)
            self._conflict(inspectors[0])
            today = timezone.localdate()
            try:
                plan = actions.create_plan(actions.PlanSpec(
                    name=f"认证有效性联合抽查（演示）{timezone.now():%Y%m%d%H%M%S}",
                    year=today.year, departments=departments,
                    items=[("获证企业认证证书和认证标志使用情况", CheckItemKind.GENERAL),
                           ("获证产品持续符合认证要求情况", CheckItemKind.KEY)],
                    starts_on=today, ends_on=today + dt.timedelta(days=60),
                    source_announcement="演示：使用冻结名单次日的体彩排列4、大乐透前区和福彩双色球红球开奖号码",
                    source_labels=DEMO_LABELS,
                    percents={"A": Decimal(10), "B": Decimal(20), "C": Decimal(30), "D": Decimal(50)},
                    population={"kinds": [TargetKind.ENTERPRISE]}), actor=Actor.system())
                plan = actions.commit_plan(plan, actor=Actor.system())
                draw = actions.draw_plan(plan, sources, actor=Actor.system())
            except PlanError as exc:
                raise CommandError(str(exc), returncode=2) from None
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(draw.record, encoding="utf-8")
        staffed = plan.selections.filter(staffed=True).count()
        self.stdout.write(gettext(
            "抽查计划 %(pk)s“%(name)s”：候选对象 %(candidates)s 个（SHA-256 %(sha)s），抽中 "
            "%(drawn)s 个，已配检查人员 %(staffed)s 个") % {
            "pk": plan.pk, "name": plan.name, "candidates": plan.candidates.count(),
            "sha": plan.candidates_sha256, "drawn": plan.selections.count(), "staffed": staffed})
        self.stdout.write(gettext("抽取记录：%(path)s（SHA-256 %(sha)s）") % {
            "path": output, "sha": draw.record_sha256})
        self.stdout.write(gettext("检查人员账号：%(users)s（密码 %(password)s）") % {
            "users": ", ".join(u for u, *_ in INSPECTORS), "password": DEMO_PASSWORD})
        self.stdout.write(gettext("核验：%(command)s") % {
            "command": f"qualitycert draw-verify {output}"})

    def _enterprises(self, wanted: int) -> None:
        have = Enterprise.objects.exclude(
            legal_status__in=[LegalStatus.DEREGISTERED, LegalStatus.MOVED_OUT]).count()
        for n in range(max(0, wanted - have)):
            serial = 88_000_000 + n
            uscc = uscc_lib.complete(f"91120116{serial % 10**8:08d}")
            if Enterprise.objects.filter(uscc=uscc).exists():
                continue
            Enterprise.objects.create(
                uscc=uscc, name=f"滨海演示制造{n + 1:03d}有限公司", division_code="120116",
                industry_code="C3411",
                legal_status=LegalStatus.REVOKED if n % 13 == 5 else LegalStatus.ACTIVE)

    def _demo_classes(self) -> None:
        # Without certificate histories every demo enterprise would be class B;
        # give a few the classes the credit work would.
        targets = list(Target.objects.filter(kind=TargetKind.ENTERPRISE, active=True,
                                             risk_class="B").order_by("identifier")[:12])
        for n, target in enumerate(targets):
            actions.set_target_risk_class(target, "A" if n % 2 else "C", actor=Actor.system(),
                                          reason="演示数据")

    def _inspectors(self, departments: dict[str, Department]) -> list[Inspector]:
        out = []
        for username, name, code, number in INSPECTORS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username=username, password=DEMO_PASSWORD,
                                                role=Role.INSPECTOR, first_name=name)
                enrol_demo_second_factor(user)
            inspector, _ = Inspector.objects.get_or_create(
                enforcement_number=number,
                defaults={"name": name, "department": departments[code], "user": user,
                          "specialties": ["认证监管"]})
            out.append(inspector)
        # The README's inspector users (inspector1..3) join the library too, so
        # they find drawn assignments under "我的检查任务".
        for entry in link_readme_inspectors():
            if isinstance(entry, Inspector) and entry not in out:
                out.append(entry)
        return out

    def _conflict(self, inspector: Inspector) -> None:
        target = Target.objects.filter(kind=TargetKind.ENTERPRISE, active=True).order_by(
            "identifier").first()
        if target and not inspector.conflicts.filter(target=target).exists():
            actions.declare_conflict(inspector=inspector, target=target, actor=Actor.system(),
                                     reason="演示：亲属在该企业任职")
