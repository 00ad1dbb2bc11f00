"""Each key task's indicators, counted from records, with where each comes
from. `task_indicators(number, day)` answers one task (the same list for
every work item of it); `programme_counts(day)` the public overview.

A value of None means there is nothing to count yet ("无数据"), which is not
zero: a share of nobody, a list not yet entered, a volume nobody reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from qualitycert.catalog.queries import declarations_valid_on, sampling_tally
from qualitycert.plan.targets import Measured, certified_enterprises_by_category
from qualitycert.registry.models import BodyStatus, CertificationBody, Lab, LabStatus
from qualitycert.registry.models import SchemeCategory as Category

from . import queries as q
from .models import (
    AdoptionMethod,
    DesignationKind,
    GIKind,
    MarkKind,
    PersonRole,
)


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    value: Decimal | None
    unit: str
    source: str
    as_of: dt.date


def gi_products_measure(day: dt.date) -> Measured:
    """The seed's GI target (地理标志证明商标和地理标志保护产品 5件), for the plan."""
    count = q.gi_products_in_force(day)
    return Measured(Decimal(count),
                    _("地理标志记录：%(day)s在册的地理标志证明商标和地理标志保护产品%(count)s件")
                    % {"day": day, "count": count})


class _Day:
    """One day's counts, each computed once per request."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    @cached_property
    def certified(self) -> dict[str, int]:
        return certified_enterprises_by_category(self.day)

    @cached_property
    def training(self) -> q.TrainingTally:
        return q.training_tally(q.year_start(self.day), self.day)


def _n(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


Spec = Callable[[_Day], list[tuple[str, str, Decimal | None, str, str]]]


def _registry_capacity(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    labs = Lab.objects.filter(status=LabStatus.VALID).count()
    bodies = CertificationBody.objects.filter(status=BodyStatus.APPROVED).count()
    return [
        ("labs_valid", _("资质认定有效的检验检测机构"), _n(labs), _("家"),
         _("认证登记：检验检测机构（状态有效）")),
        ("bodies_approved", _("批准有效的认证机构"), _n(bodies), _("家"),
         _("认证登记：认证机构（状态批准）")),
    ]


def _green(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    n = q.distinct_holders(q.holders_of_valid(d.day, scheme_codes=["GREEN-PRODUCT"]))
    return [("green_product_enterprises", _("绿色产品认证获证企业"), _n(n), _("家"),
             _("认证登记：持有效绿色产品认证证书的企业"))]


def _training(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    t = d.training
    source = _("培训记录：%(year)s年1月1日至%(day)s") % {"year": d.day.year, "day": d.day}
    return [
        ("training_sessions", _("本年度培训场次"), _n(t.sessions), _("场"), source),
        ("training_participants", _("本年度参训人次"), _n(t.participants), _("人次"), source),
        ("training_enterprises", _("本年度参训企业"), _n(t.enterprises), _("家次"), source),
    ]


def _talent(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    t = d.training
    source = _("培训记录：%(year)s年1月1日至%(day)s") % {"year": d.day.year, "day": d.day}
    rows: list[tuple[str, str, Decimal | None, str, str]] = [
        ("trained_internal_auditors", _("本年度培训内审员"), _n(t.internal_auditors), _("人次"),
         source),
        ("trained_inspectors", _("本年度培训监管执法人员"), _n(t.inspectors), _("人次"), source),
    ]
    by_qualification = q.auditors_by_qualification(d.day)
    rows.append(("certified_auditors", _("在册注册审核员"), _n(sum(by_qualification.values())),
                 _("人"), _("认证机构人员：在职且注册有效的审核员")))
    for index, (qualification, count) in enumerate(sorted(by_qualification.items()), start=1):
        rows.append((f"certified_auditors_{index}", _("注册审核员：%(q)s") % {"q": qualification},
                     _n(count), _("人"), _("认证机构人员：按注册资格")))
    return rows


def _editions(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    rows: list[tuple[str, str, Decimal | None, str, str]] = []
    for count in q.edition_counts(d.day):
        t = count.transition
        rows.append((f"old_edition_{t.scheme.code}", _("仍为旧版%(old)s的有效证书（换版截止%(deadline)s）")
                     % {"old": t.old_edition, "deadline": t.deadline},
                     _n(count.on_old), _("张"), _("证书补充信息：标准版本")))
        rows.append((f"new_edition_{t.scheme.code}", _("已换版为%(new)s的有效证书") % {"new": t.new_edition},
                     _n(count.on_new), _("张"), _("证书补充信息：标准版本")))
    if not rows:
        rows.append(("old_edition", _("仍为旧版标准的有效证书"), None, _("张"),
                     _("无数据：尚未登记标准换版")))
    return rows


def _coverage(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    sme = q.sme_coverage(d.day)
    demo = q.designations_in_force(d.day, [DesignationKind.QC_DEMO_ZONE,
                                            DesignationKind.QC_DEMO_SITE,
                                            DesignationKind.QC_DEMO_ENTERPRISE])
    return [
        ("sme_ms_share", _("中小微企业管理体系认证覆盖率"), sme.percent, "%",
         _("企业登记规模为小型、微型且存续的%(whole)s家中，%(part)s家持有效管理体系认证证书")
         % {"whole": sme.whole, "part": sme.part}),
        ("sme_ms_certified", _("获管理体系认证的小微企业"), _n(sme.part), _("家"),
         _("认证登记与企业规模")),
        ("qc_demonstrations", _("质量认证示范区（点）、示范企业"), _n(demo), _("个"),
         _("示范命名记录（在册）")),
    ]


def _service(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    benchmarks = q.designations_in_force(d.day, [DesignationKind.SERVICE_BENCHMARK])
    return [
        ("service_enterprises", _("服务认证获证企业"), _n(d.certified.get(Category.SERVICE, 0)),
         _("家"), _("认证登记：持有效服务认证证书的企业")),
        ("service_benchmarks", _("服务标杆"), _n(benchmarks), _("个"), _("示范命名记录（在册）")),
    ]


def _agri(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    def holders(code: str) -> Decimal:
        return Decimal(q.distinct_holders(q.holders_of_valid(d.day, scheme_codes=[code])))
    return [
        ("gi_products", _("地理标志证明商标和地理标志保护产品"), _n(q.gi_products_in_force(d.day)),
         _("件"), _("地理标志记录（在册）")),
        ("agri_gi", _("农产品地理标志"),
         _n(q.gi_products_in_force(d.day, [GIKind.AGRI_PRODUCT])), _("件"),
         _("地理标志记录（在册）")),
        ("pollution_free", _("无公害农产品"), _n(q.marks_in_force(d.day, MarkKind.POLLUTION_FREE)),
         _("个"), _("农产品质量标志记录（在册）")),
        ("green_food_enterprises", _("绿色食品获证企业"), holders("GREEN-FOOD"), _("家"),
         _("认证登记：持有效绿色食品认证证书的企业")),
        ("organic_enterprises", _("有机产品获证企业"), holders("ORGANIC"), _("家"),
         _("认证登记：持有效有机产品认证证书的企业")),
        ("high_end_marks", _("高端品质认证"), _n(q.marks_in_force(d.day, MarkKind.HIGH_END)),
         _("个"), _("农产品质量标志记录（在册）")),
    ]


def _product(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    return [("product_enterprises", _("产品认证获证企业"),
             _n(d.certified.get(Category.PRODUCT, 0)), _("家"),
             _("认证登记：持有效产品认证证书的企业"))]


def _equipment(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    tally = sampling_tally(q.year_start(d.day), d.day, equipment_only=True)
    return [("equipment_pass_rate", _("装备制造业产品监督抽查合格率"),
             q.percent(tally.passed, tally.total), "%",
             _("监督抽查：本年度%(total)s批次，合格%(passed)s批次")
             % {"total": tally.total, "passed": tally.passed})]


def _energy(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    share = q.energy_coverage(d.day)
    year = q.energy_list_year(d.day)
    organic = q.designations_in_force(d.day, [DesignationKind.ORGANIC_DEMO_ZONE])
    listed = _("重点用能单位名单（%(year)s年）与认证登记") % {"year": year} if year else \
        _("无数据：尚未录入重点用能单位名单")
    return [
        ("energy_ms_share", _("重点用能单位能源管理体系认证覆盖率"), share.percent, "%", listed),
        ("energy_ms_certified", _("获能源管理体系认证的重点用能单位"),
         _n(share.part) if year else None, _("家"), listed),
        ("organic_demo_zones", _("国家有机产品认证示范区"), _n(organic), _("个"),
         _("示范命名记录（在册）")),
        *_green(d),
    ]


def _government_qms(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    share = q.department_qms_coverage(d.day)
    return [
        ("department_qms_share", _("责任单位建立并通过质量管理体系认证的比例"), share.percent, "%",
         _("部门质量管理体系认证记录：%(whole)s个责任单位中%(part)s个持有效证书")
         % {"whole": share.whole, "part": share.part}),
        ("department_qms_certified", _("通过质量管理体系认证的责任单位"), _n(share.part),
         _("个"), _("部门质量管理体系认证记录")),
    ]


def _declarations(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    return [("self_declarations", _("有效的自我声明"),
             _n(declarations_valid_on(d.day).count()), _("份"), _("自我声明登记（有效）"))]


def _adoption(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    by_method = q.adopters_by_method(d.day)
    labels = dict(AdoptionMethod.choices)
    rows: list[tuple[str, str, Decimal | None, str, str]] = [
        ("adopters", _("采信认证结果的单位"), _n(q.adopters(d.day)), _("个"), _("采信记录（在用）")),
    ]
    for method, count in by_method.items():
        rows.append((f"adopters_{method}", _("采信方式：%(m)s") % {"m": labels[method]},
                     _n(count), _("个"), _("采信记录（在用）")))
    rows.append(("batch_api_checking", _("近30天调用批量核验接口的采信单位"),
                 _n(q.batch_api_adopters_checking(d.day)), _("个"),
                 _("接口令牌最近使用时间（未撤销）")))
    checks = q.checks_this_year(d.day)
    rows.append(("checks_this_year", _("本年度采信核验量"), _n(checks), _("次"),
                 _("采信单位核验量记录") if checks is not None else _("无数据：尚无核验量记录")))
    return rows


def _integrity(d: _Day) -> list[tuple[str, str, Decimal | None, str, str]]:
    signed = q.signed_share(d.day)
    return [
        ("auditors", _("在册审核员"), _n(q.people_in_post(d.day, PersonRole.AUDITOR).count()),
         _("人"), _("认证机构人员")),
        ("signatories", _("在册授权签字人"),
         _n(q.people_in_post(d.day, PersonRole.SIGNATORY).count()), _("人"), _("认证机构人员")),
        ("bodies_with_commitment", _("已公开承诺的认证机构"), _n(q.bodies_with_commitment(d.day)),
         _("家"), _("机构公开承诺记录")),
        ("findings_this_year", _("本年度诚信档案记录"),
         _n(q.findings_between(q.year_start(d.day), d.day)), _("条"), _("诚信档案")),
        ("open_findings", _("未整改完成的诚信档案记录"), _n(q.open_findings(d.day)), _("条"),
         _("诚信档案")),
        ("signed_certificate_share", _("有效证书中可追溯到签字人的比例"), signed.percent, "%",
         _("证书补充信息：%(all)s张有效证书中%(signed)s张登记了授权签字人")
         % {"all": signed.whole, "signed": signed.part}),
    ]


# Task number (the 重点任务分工 table's 序号) → its indicators. Tasks whose work
# is not counted by any record (standards written, platforms built, policy)
# have none: their progress is the units' reports.
TASKS: dict[int, tuple[Spec, ...]] = {
    1: (_registry_capacity,),
    2: (_green,),
    4: (_talent,),
    5: (_training,),
    6: (_editions,),
    7: (_coverage,),
    8: (_service,),
    9: (_agri,),
    10: (_product,),
    11: (_equipment,),
    12: (_energy,),
    13: (_government_qms,),
    16: (_registry_capacity,),
    17: (_registry_capacity,),
    18: (_declarations,),
    19: (_adoption,),
    23: (_integrity,),
}


def task_indicators(number: int, day: dt.date, *, context: _Day | None = None
                    ) -> list[IndicatorValue]:
    d = context or _Day(day)
    values = []
    for spec in TASKS.get(number, ()):
        for code, name, value, unit, source in spec(d):
            values.append(IndicatorValue(code, str(name), value, str(unit), str(source), d.day))
    return values


@dataclass(frozen=True)
class ProgrammeCount:
    code: str
    name: str
    tasks: tuple[int, ...]
    indicators: list[IndicatorValue]


# The seven programmes of issue 15: their tasks, and which of those tasks'
# indicators are theirs (by code or code prefix ending in "_").
PROGRAMMES: tuple[tuple[str, str, tuple[int, ...], tuple[str, ...]], ...] = (
    ("designations", gettext_noop("示范创建"), (7, 8, 12),
     ("qc_demonstrations", "service_benchmarks", "organic_demo_zones")),
    ("geographical_indications", gettext_noop("地理标志和“三品一标”"), (9,),
     ("gi_products", "agri_gi", "pollution_free", "green_food_enterprises",
      "organic_enterprises", "high_end_marks")),
    ("coverage", gettext_noop("中小微企业覆盖和标准换版"), (6, 7),
     ("sme_ms_share", "sme_ms_certified", "old_edition", "old_edition_", "new_edition_")),
    ("adoption", gettext_noop("认证结果采信"), (19,),
     ("adopters", "adopters_", "batch_api_checking", "checks_this_year")),
    ("training", gettext_noop("培训和人才"), (4, 5),
     ("training_", "trained_", "certified_auditors", "certified_auditors_")),
    ("integrity", gettext_noop("认证机构诚信"), (23,),
     ("auditors", "signatories", "bodies_with_commitment", "findings_this_year",
      "open_findings", "signed_certificate_share")),
    ("energy_government", gettext_noop("能源管理和政府部门质量管理体系"), (12, 13),
     ("energy_ms_share", "energy_ms_certified", "department_qms_share",
      "department_qms_certified")),
)


def _belongs(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code == p or (p.endswith("_") and code.startswith(p)) for p in patterns)


def programme_counts(day: dt.date) -> list[ProgrammeCount]:
    """The seven programmes of issue 15, each with its own indicators."""
    d = _Day(day)
    cache: dict[int, list[IndicatorValue]] = {}
    result = []
    for code, name, tasks, patterns in PROGRAMMES:
        seen: set[str] = set()
        values = []
        for number in tasks:
            if number not in cache:
                cache[number] = task_indicators(number, day, context=d)
            for value in cache[number]:
                if value.code not in seen and _belongs(value.code, patterns):
                    seen.add(value.code)
                    values.append(value)
        result.append(ProgrammeCount(code, _(name), tasks, values))
    return result


# The public pages and the API are open to everyone and count over the whole
# registry: their answers are kept this long (per day and language), so a
# burst of anonymous requests costs one count. Plan users see live figures.
PUBLIC_CACHE_SECONDS = 120


def _cached(key: str, compute: Callable[[], Any]) -> Any:
    full = f"programmes:{key}:{get_language()}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, PUBLIC_CACHE_SECONDS)
    return value


def public_task_indicators(number: int, day: dt.date) -> list[IndicatorValue]:
    return _cached(f"task:{number}:{day}", lambda: task_indicators(number, day))  # type: ignore[no-any-return]


def public_programme_counts(day: dt.date) -> list[ProgrammeCount]:
    return _cached(f"all:{day}", lambda: programme_counts(day))  # type: ignore[no-any-return]
