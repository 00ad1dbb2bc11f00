"""Supervision sampling: plans, samples drawn, results entered, follow-ups.

Bureau staff plan and draw; the sample's lab enters the result (bureau staff
may enter a paper report on its behalf); bureau staff follow up a failure
until it is closed. A sample of a catalogue category goes through the
market check when it is drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.credit.actions import record_fact
from qualitycert.credit.models import FactKind, FactSource
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Enterprise, Lab

from ..access import may_enter_result, require_bureau
from ..models import (
    FOLLOW_UP_FROM,
    CaseSource,
    CatalogError,
    DrawnFrom,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    PlanLevel,
    PlanStatus,
    ProductCategory,
    SampleStatus,
    SamplingPlan,
    SamplingRecord,
    SamplingResult,
)
from .common import today, user_or_none
from .market import market_check

MAX_FAILED_ITEMS = 50


def sample_snapshot(s: SamplingRecord) -> dict[str, Any]:
    return {"plan": s.plan_id, "sample_number": s.sample_number,
            "enterprise": s.enterprise.uscc, "product": s.product,
            "category": s.category.code if s.category else None,
            "lab": s.lab.cma_number if s.lab else None, "sampled_on": s.sampled_on,
            "status": s.status, "result": s.result, "failed_items": s.failed_items,
            "standard": s.standard, "report_number": s.report_number, "tested_on": s.tested_on,
            "follow_up_state": s.follow_up_state}


def create_sampling_plan(*, name: str, year: int, product_class: str, planned_count: int,
                         labs: Iterable[Lab], actor: Actor, level: str = PlanLevel.DISTRICT,
                         category: ProductCategory | None = None) -> SamplingPlan:
    require_bureau(actor)
    labs = list(labs)
    if not name.strip() or not product_class.strip():
        raise CatalogError(gettext("请填写计划名称和抽查产品"))
    if planned_count < 1:
        raise CatalogError(gettext("计划抽样批次至少为1"))
    if not labs:
        raise CatalogError(gettext("请至少选择一个承检机构"))
    if level not in PlanLevel.values:
        raise CatalogError(gettext("抽查级别无效"))
    with transaction.atomic():
        plan = SamplingPlan.objects.create(
            name=name.strip(), year=year, level=level, product_class=product_class.strip(),
            category=category, planned_count=planned_count, created_by=user_or_none(actor))
        plan.labs.set(labs)
        audit_append(action="catalog.sampling_plan.create", object_type="catalog.samplingplan",
                     object_id=str(plan.pk), object_repr=plan.name, actor=actor,
                     after={"name": plan.name, "year": year, "level": level,
                            "product_class": plan.product_class,
                            "category": category.code if category else None,
                            "planned_count": planned_count,
                            "labs": sorted(lab.cma_number for lab in labs)})
    return plan


def close_sampling_plan(plan: SamplingPlan, *, actor: Actor) -> SamplingPlan:
    require_bureau(actor)
    with transaction.atomic():
        locked = SamplingPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.OPEN:
            raise CatalogError(gettext("该计划已结束"))
        locked.status = PlanStatus.CLOSED
        locked.save(update_fields=["status"])
        audit_append(action="catalog.sampling_plan.close", object_type="catalog.samplingplan",
                     object_id=str(locked.pk), object_repr=locked.name, actor=actor,
                     before={"status": PlanStatus.OPEN}, after={"status": PlanStatus.CLOSED})
    return locked


def draw_sample(plan: SamplingPlan, *, enterprise: Enterprise, product: str,
                sampled_on: dt.date, lab: Lab, actor: Actor, drawn_from: str = DrawnFrom.PRODUCER,
                seller_name: str = "", model: str = "", batch: str = "",
                sample_number: str = "") -> SamplingRecord:
    """Record a sample drawn under `plan` and assign it to one of the plan's labs."""
    require_bureau(actor)
    if not plan.labs.filter(pk=lab.pk).exists():
        raise CatalogError(gettext("检验机构不是本计划的承检机构"))
    if sampled_on > today():
        raise CatalogError(gettext("抽样日期不能晚于今天"))
    if drawn_from not in DrawnFrom.values:
        raise CatalogError(gettext("抽样环节无效"))
    if drawn_from == DrawnFrom.MARKET and not seller_name.strip():
        raise CatalogError(gettext("流通领域抽样须填写被抽样单位"))
    if not product.strip():
        raise CatalogError(gettext("请填写产品名称"))
    with transaction.atomic():
        plan = SamplingPlan.objects.select_for_update(of=("self",)).select_related("category").get(pk=plan.pk)
        if plan.status != PlanStatus.OPEN:
            raise CatalogError(gettext("该计划已结束，不能再抽样"))
        sample = SamplingRecord.objects.create(
            plan=plan, plan_name=plan.name, sample_number=normalize_identifier(sample_number),
            enterprise=enterprise, drawn_from=drawn_from, seller_name=seller_name.strip(),
            category=plan.category, product=product.strip(), model=model.strip(),
            batch=batch.strip(), industry_code=enterprise.industry_code, lab=lab,
            sampled_on=sampled_on, source=gettext("本系统抽样登记"))
        audit_append(action="catalog.sample.draw", object_type="catalog.samplingrecord",
                     object_id=str(sample.pk), object_repr=f"{plan.name} {sample.product}",
                     actor=actor, after=sample_snapshot(sample))
        check_sample_market(sample, actor=actor)
    return sample


def sample_source(sample: SamplingRecord) -> dict[str, Any]:
    """How a sample names itself as the source of a market-check case."""
    return {"source_kind": CaseSource.SAMPLE, "source_ref": f"sample:{sample.pk}",
            "source_url": f"/catalog/samples/{sample.pk}/", "sample": sample}


def check_sample_market(sample: SamplingRecord, *, actor: Actor) -> None:
    """The market check for a sample of a catalogue category."""
    category = sample.category
    if category is None:
        return
    market_check(enterprise=sample.enterprise, category=category, on=sample.sampled_on,
                 product=sample.product, actor=actor, **sample_source(sample))


def enter_sample_result(sample: SamplingRecord, *, result: str, failed_items: list[str],
                        standard: str, report_number: str, tested_on: dt.date,
                        actor: Actor) -> SamplingRecord:
    """The lab's conclusion for a sample assigned to it. Once entered it is
    the record; a mistake is corrected by the bureau through a follow-up, not
    by overwriting."""
    if not may_enter_result(actor, sample):
        raise PermissionDenied(gettext("只有承检机构可以录入本样品的检验结论"))
    failed_items = [i.strip() for i in failed_items if i.strip()]
    report_number = normalize_identifier(report_number)
    if result not in SamplingResult.values:
        raise CatalogError(gettext("请选择检验结论"))
    if result == SamplingResult.FAIL and not failed_items:
        raise CatalogError(gettext("不合格样品须列明不合格项目"))
    if result == SamplingResult.PASS and failed_items:
        raise CatalogError(gettext("合格样品不应列有不合格项目"))
    if len(failed_items) > MAX_FAILED_ITEMS:
        raise CatalogError(gettext("不合格项目过多"))
    if not standard.strip():
        raise CatalogError(gettext("请填写检验依据的标准"))
    if not report_number:
        raise CatalogError(gettext("请填写检验报告编号"))
    if tested_on > today() or tested_on < sample.sampled_on:
        raise CatalogError(gettext("检验完成日期应在抽样日期与今天之间"))
    with transaction.atomic():
        locked = (SamplingRecord.objects.select_for_update(of=("self",))
                  .select_related("enterprise", "lab", "category").get(pk=sample.pk))
        if locked.status != SampleStatus.DRAWN:
            raise CatalogError(gettext("该样品已录入检验结论"))
        if SamplingRecord.objects.filter(report_number=report_number).exists():
            raise CatalogError(gettext("检验报告编号已被其他样品使用"))
        before = sample_snapshot(locked)
        locked.status, locked.result = SampleStatus.TESTED, result
        locked.failed_items, locked.standard = failed_items, standard.strip()
        locked.report_number, locked.tested_on = report_number, tested_on
        locked.entered_by = user_or_none(actor)
        locked.follow_up_state = (FollowUpState.OPEN if result == SamplingResult.FAIL
                                  else FollowUpState.NONE)
        locked.save()
        audit_append(action="catalog.sample.result", object_type="catalog.samplingrecord",
                     object_id=str(locked.pk), object_repr=f"{locked.product} {report_number}",
                     actor=actor, before=before, after=sample_snapshot(locked))
        # The result is a fact of the producer's quality archive (issue 13).
        record_fact(enterprise=locked.enterprise, occurred_on=tested_on,
                    kind=FactKind.SAMPLING_PASS if result == SamplingResult.PASS
                    else FactKind.SAMPLING_FAIL, source=FactSource.CATALOG,
                    source_type="catalog.sampling", source_id=str(locked.pk),
                    reference=report_number, summary=locked.product, actor=actor)
    return locked


_NEXT_STATE = {
    FollowUpKind.RECTIFICATION: lambda retest: FollowUpState.RECTIFYING,
    FollowUpKind.RETEST: lambda retest: (FollowUpState.RETEST_PASSED
                                         if retest == SamplingResult.PASS
                                         else FollowUpState.RETEST_FAILED),
    FollowUpKind.PENALTY: lambda retest: FollowUpState.PENALTY,
    FollowUpKind.CLOSE: lambda retest: FollowUpState.CLOSED,
}


def record_follow_up(sample: SamplingRecord, *, kind: str, occurred_on: dt.date, actor: Actor,
                     due_on: dt.date | None = None, retest_result: str = "",
                     decision_number: str = "", link: str = "", note: str = "") -> FollowUp:
    """One step of handling a failed sample; the step must follow from the
    sample's current state (FOLLOW_UP_FROM)."""
    require_bureau(actor)
    if kind not in FollowUpKind.values:
        raise CatalogError(gettext("处置类型无效"))
    if occurred_on > today():
        raise CatalogError(gettext("处置日期不能晚于今天"))
    if kind == FollowUpKind.RECTIFICATION and (due_on is None or due_on < occurred_on):
        raise CatalogError(gettext("责令整改须填写不早于处置日期的整改期限"))
    if kind == FollowUpKind.RETEST and retest_result not in SamplingResult.values:
        raise CatalogError(gettext("整改复查须填写复查结论"))
    if kind == FollowUpKind.PENALTY and not (decision_number.strip() or link.strip()):
        raise CatalogError(gettext("立案处罚须填写决定书文号或案件链接"))
    with transaction.atomic():
        locked = (SamplingRecord.objects.select_for_update(of=("self",))
                  .select_related("enterprise", "lab", "category").get(pk=sample.pk))
        if locked.follow_up_state not in FOLLOW_UP_FROM[kind]:
            current = FollowUpState(locked.follow_up_state).label
            raise CatalogError(gettext("样品当前处置状态为“%(state)s”，不能进行“%(step)s”")
                               % {"state": current, "step": FollowUpKind(kind).label})
        if occurred_on < locked.sampled_on:
            raise CatalogError(gettext("处置日期不能早于抽样日期"))
        before = sample_snapshot(locked)
        step = FollowUp.objects.create(
            sample=locked, kind=kind, occurred_on=occurred_on, due_on=due_on,
            retest_result=retest_result if kind == FollowUpKind.RETEST else "",
            decision_number=decision_number.strip(), link=link.strip(), note=note.strip(),
            recorded_by=user_or_none(actor))
        locked.follow_up_state = _NEXT_STATE[FollowUpKind(kind)](retest_result)
        locked.save(update_fields=["follow_up_state"])
        audit_append(action=f"catalog.sample.follow_up.{kind}",
                     object_type="catalog.samplingrecord", object_id=str(locked.pk),
                     object_repr=f"{locked.product} {locked.report_number}", actor=actor,
                     reason=note.strip(), before=before,
                     after={**sample_snapshot(locked), "step": step.pk,
                            "decision_number": step.decision_number, "link": step.link})
    return step
