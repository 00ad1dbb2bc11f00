"""The credit side of the demo: the quality archive's facts (certificates
from the registry, sampling results and self-declarations from the catalog
side, penalties, complaints, awards, brands and commitments entered by the
bureau), a published grading model, grades for the district one year ago
and today, a few dishonesty entries (one imported from another authority)
and one repair in progress, filed by the showcase enterprise (enterprise_demo).

Called by `seed_demo` after the product side, with its own random stream."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.catalog.models import SamplingRecord, SelfDeclaration
from qualitycert.credit import actions
from qualitycert.credit.models import EntrySource, Fact, FactKind, FactSource
from qualitycert.registry.models import Certificate, CertificateStatus, Enterprise

# (kind, share of certified enterprises, document prefix, summary)
ENTERED = [
    (FactKind.PENALTY, 0.04, "津滨市监罚", "生产、销售不符合标准的产品"),
    (FactKind.COMPLAINT, 0.08, "12315-", "消费者投诉产品质量问题"),
    (FactKind.QUALITY_AWARD, 0.02, "滨海新区质量奖", "区长质量奖"),
    (FactKind.BRAND, 0.10, "商标注册证第", "自主商标品牌"),
    (FactKind.QUALITY_COMMITMENT, 0.25, "质量诚信承诺书", "公开质量诚信承诺"),
]


@dataclass
class CreditDemo:
    counts: dict[str, int] = field(default_factory=dict)


def _bureau_actor() -> Actor:
    user = User.objects.filter(username="supervisor", is_active=True).first()
    return Actor.of(user) if user is not None else Actor.system()


def seed_credit(*, seed: int, today: dt.date, showcase_enterprise_id: int | None) -> CreditDemo:
    rng = random.Random(f"credit-{seed}")  # nosec B311 # demo data, reproducible by seed
    report = CreditDemo()
    # Grades cannot be dated after the real day, whatever --today says.
    day = min(today, timezone.localdate())
    actor = _bureau_actor()
    report.counts["registry_facts"] = actions.sync_registry_facts(actor=actor)["added"]
    facts: list[Fact] = []
    for pk, enterprise_id, result, tested, sampled, number in SamplingRecord.objects.filter(
            result__in=["pass", "fail"]).values_list("pk", "enterprise_id", "result",
                                                     "tested_on", "sampled_on", "report_number"):
        on = min(tested or sampled, day)
        facts.append(Fact(enterprise_id=enterprise_id, occurred_on=on,
                          kind=FactKind.SAMPLING_PASS if result == "pass"
                          else FactKind.SAMPLING_FAIL, source=FactSource.CATALOG,
                          source_type="catalog.sampling", source_id=str(pk),
                          reference=number[:120]))
    for pk, enterprise_id, declared, ended, number in SelfDeclaration.objects.values_list(
            "pk", "enterprise_id", "declared_on", "ended_on", "number"):
        if declared > day:
            continue
        facts.append(Fact(enterprise_id=enterprise_id, kind=FactKind.SELF_DECLARATION,
                          occurred_on=declared,
                          ends_on=ended if ended and ended > declared else None,
                          source=FactSource.CATALOG, source_type="catalog.declaration",
                          source_id=str(pk), reference=number))
    certified = sorted(set(Certificate.objects.values_list("holder_id", flat=True)))
    for kind, share, prefix, summary in ENTERED:
        for serial, enterprise_id in enumerate(
                e for e in certified if rng.random() < share):
            on = day - dt.timedelta(days=rng.randint(1, 1500))
            reference = f"{prefix}〔{on.year}〕{serial + 1}号" if not prefix.endswith("-") \
                else f"{prefix}{on.year}-{serial + 1:05d}"
            facts.append(Fact(enterprise_id=enterprise_id, kind=kind, occurred_on=on,
                              ends_on=None,
                              source=FactSource.BUREAU, source_type=f"document.{kind}",
                              source_id=f"{enterprise_id}:{reference}"[:64],
                              reference=reference, summary=summary))
    # A fact a pushing app recorded already (same kind and record) stays as it is.
    Fact.objects.bulk_create(facts, batch_size=500, ignore_conflicts=True)
    report.counts["facts"] = Fact.objects.count()

    report.counts["dishonesty"] = _dishonesty(rng, day, actor, showcase_enterprise_id)

    model = actions.create_draft(name="滨海新区企业质量信用评价模型（2026版）",
                                 spec=_default_spec(), actor=actor)
    actions.preview_model(model, as_of=day, actor=actor)
    actions.publish_model(model, reason="依据GB/T 31863-2015及国市监信〔2019〕38号，"
                                        "经局务会审议发布", actor=actor)
    for as_of in (day - dt.timedelta(days=365), day):
        run = actions.grade_enterprises(as_of=as_of, actor=actor)
    report.counts["graded"] = run.graded
    report.counts.update({f"grade_{g}": n for g, n in run.distribution.items()})
    return report


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _default_spec() -> dict[str, object]:
    from qualitycert.credit.default_model import DEFAULT_SPEC

    return DEFAULT_SPEC


def _dishonesty(rng: random.Random, day: dt.date, actor: Actor,
                showcase_enterprise_id: int | None) -> int:
    withdrawn = list(Certificate.objects.filter(status=CertificateStatus.WITHDRAWN)
                     .order_by("id").values_list("holder_id", flat=True).distinct()[:3])
    listed = 0
    for n, enterprise_id in enumerate(withdrawn, start=1):
        starts = day - dt.timedelta(days=rng.randint(30, 300))
        actions.list_dishonesty(
            enterprise=Enterprise.objects.get(pk=enterprise_id),
            criterion="misused_certificate" if n % 2 else "forged_certificate",
            legal_basis="《中华人民共和国认证认可条例》第六十九条、第七十一条",
            decision_number=f"津滨市监信〔{starts.year}〕{n}号", authority="滨海新区市场监督管理局",
            starts_on=starts, ends_on=_years_after(starts, 3),
            measures=["public_listing", "higher_inspection_ratio", "no_procurement_preference"],
            facts="证书被撤销后继续使用认证标志", actor=actor)
        listed += 1
    others = list(Enterprise.objects.exclude(pk__in=withdrawn).exclude(
        pk=showcase_enterprise_id or 0).order_by("id").values_list("pk", flat=True)[:1])
    for enterprise_id in others:
        starts = day - dt.timedelta(days=90)
        actions.list_dishonesty(
            enterprise=Enterprise.objects.get(pk=enterprise_id), criterion="serious_incident",
            legal_basis="《中华人民共和国产品质量法》", decision_number=f"津市监信〔{starts.year}〕17号",
            authority="天津市市场监督管理委员会", source=EntrySource.IMPORTED, starts_on=starts,
            ends_on=_years_after(starts, 1), measures=["public_listing"],
            actor=actor)
        listed += 1
    owner = User.objects.filter(username="enterprise_demo", enterprise_id=showcase_enterprise_id
                                ).first() if showcase_enterprise_id else None
    if owner is not None and owner.enterprise is not None:
        starts = day - dt.timedelta(days=200)
        entry = actions.list_dishonesty(
            enterprise=owner.enterprise, criterion="false_declaration",
            legal_basis="《强制性产品认证管理规定》", decision_number=f"津滨市监信〔{starts.year}〕9号",
            authority="滨海新区市场监督管理局", starts_on=starts,
            ends_on=_years_after(starts, 1), measures=["public_listing"],
            facts="自我声明所附检测报告与样品不符", actor=actor)
        actions.apply_for_repair(entry, corrective_actions="已注销原声明，重新送检并提交新的自我声明",
                                 evidence="新检测报告编号 TJBH-2026-0451；整改报告", actor=Actor.of(owner))
        listed += 1
    return listed
