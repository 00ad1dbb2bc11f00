"""Plans: create and edit a draft, commit (freeze the lists), draw, close."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.catalog.queries import unknown_category_codes
from qualitycert.credit import queries as credit_queries
from qualitycert.lib.rfc3797 import DrawInputError, key_string
from qualitycert.registry.models import CertificateStatus

from .. import draw as drawlib
from ..models import (
    GENERAL_MAX_PERCENT,
    MIN_OVERALL_PERCENT,
    Candidate,
    CheckItem,
    CheckItemKind,
    ConflictOfInterest,
    Draw,
    Exclusion,
    ExclusionKind,
    Inspector,
    Plan,
    PlanError,
    PlanStatus,
    PoolMember,
    Selection,
    TargetKind,
    TeamMember,
)
from ..queries import (
    POPULATION_KEYS,
    candidate_entries,
    exclusion_entries,
    frozen_list_problems,
    pool_entries,
    population_targets,
    stratum_sizes,
)


@dataclass
class PlanSpec:
    """Everything a draft plan holds, already turned into domain values."""

    name: str
    year: int
    departments: list[Any]
    items: list[tuple[str, str]]  # (name, CheckItemKind)
    starts_on: dt.date
    ends_on: dt.date
    source_announcement: str
    source_labels: list[str]
    percents: dict[str, Decimal]
    population: dict[str, list[str]] = field(default_factory=dict)
    team_size: int = 2
    avoid_recent_plans: int = 2


def validate_spec(spec: PlanSpec) -> None:
    """The plan rules that need no database; raises PlanError."""
    if not spec.name.strip():
        raise PlanError(gettext("计划名称不能为空"))
    if not spec.departments:
        raise PlanError(gettext("至少选择一个实施单位"))
    if not spec.items:
        raise PlanError(gettext("至少填写一个抽查事项"))
    if any(kind not in CheckItemKind.values for _, kind in spec.items):
        raise PlanError(gettext("抽查事项类别应为一般或重点"))
    if spec.team_size < 2:
        raise PlanError(gettext("每组检查人员不少于2人"))
    if spec.ends_on < spec.starts_on:
        raise PlanError(gettext("结束日期不能早于开始日期"))
    labels = [label.strip() for label in spec.source_labels]
    if not labels or not all(labels):
        raise PlanError(gettext("至少公告一个随机源，且每个随机源都要有名称"))
    if not spec.source_announcement.strip():
        raise PlanError(gettext("必须公告随机源"))
    for rc, percent in spec.percents.items():
        if not Decimal(0) <= percent <= Decimal(100):
            raise PlanError(gettext("%(rc)s 类抽查比例应在0–100%%之间") % {"rc": rc})
    if not any(spec.percents.values()):
        raise PlanError(gettext("抽查比例不能全为0"))
    has_key = any(kind == CheckItemKind.KEY for _, kind in spec.items)
    if not has_key:
        over = [rc for rc, p in spec.percents.items() if p > GENERAL_MAX_PERCENT]
        if over:
            raise PlanError(
                gettext("仅含一般检查事项的计划，各类抽查比例不得超过%(max)s%%（%(over)s 类超出）；"
                        "重点检查事项不受此限")
                % {"max": GENERAL_MAX_PERCENT, "over": "/".join(over)})
    unknown = set(spec.population) - set(POPULATION_KEYS)
    if unknown:
        raise PlanError(gettext("未知的对象范围条件：%(keys)s") % {"keys": ", ".join(sorted(unknown))})
    bad_kinds = set(spec.population.get("kinds", [])) - set(TargetKind.values)
    bad_statuses = set(spec.population.get("certificate_statuses", [])) - set(
        CertificateStatus.values)
    if bad_kinds or bad_statuses:
        raise PlanError(gettext("对象范围条件取值无效"))
    unknown_categories = unknown_category_codes(spec.population.get("ccc_categories", []))
    if unknown_categories:
        raise PlanError(gettext("强制性认证目录中没有这些产品种类：%(codes)s")
                        % {"codes": ", ".join(unknown_categories)})


def _apply(plan: Plan, spec: PlanSpec) -> None:
    plan.name, plan.year = spec.name.strip(), spec.year
    plan.starts_on, plan.ends_on = spec.starts_on, spec.ends_on
    plan.source_announcement = spec.source_announcement.strip()
    plan.source_labels = [label.strip() for label in spec.source_labels]
    plan.population = {k: list(v) for k, v in spec.population.items() if v}
    plan.percent_a, plan.percent_b = spec.percents["A"], spec.percents["B"]
    plan.percent_c, plan.percent_d = spec.percents["C"], spec.percents["D"]
    plan.team_size, plan.avoid_recent_plans = spec.team_size, spec.avoid_recent_plans


def _snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name, "year": plan.year, "status": plan.status,
        "departments": sorted(d.code for d in plan.departments.all()),
        "items": [[i.name, i.kind] for i in plan.items.all()],
        "population": plan.population,
        "percents": {k: str(v) for k, v in plan.percents().items()},
        "team_size": plan.team_size, "avoid_recent_plans": plan.avoid_recent_plans,
        "starts_on": plan.starts_on, "ends_on": plan.ends_on,
        "source_announcement": plan.source_announcement, "source_labels": plan.source_labels,
    }


def _save_children(plan: Plan, spec: PlanSpec) -> None:
    plan.departments.set(spec.departments)
    plan.items.all().delete()
    CheckItem.objects.bulk_create(
        CheckItem(plan=plan, position=n, name=name.strip(), kind=kind)
        for n, (name, kind) in enumerate(spec.items))


def create_plan(spec: PlanSpec, *, actor: Actor) -> Plan:
    validate_spec(spec)
    with transaction.atomic():
        plan = Plan(created_by=actor.user)
        _apply(plan, spec)
        plan.save()
        _save_children(plan, spec)
        audit_append(action="inspections.plan.create", object_type="inspections.plan",
                     object_id=str(plan.pk), object_repr=str(plan), actor=actor,
                     after=_snapshot(plan))
    return plan


def update_plan(plan: Plan, spec: PlanSpec, *, actor: Actor) -> Plan:
    validate_spec(spec)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        locked.require_editable()
        before = _snapshot(locked)
        _apply(locked, spec)
        locked.save()
        _save_children(locked, spec)
        audit_append(action="inspections.plan.update", object_type="inspections.plan",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     before=before, after=_snapshot(locked))
    return locked


# --- commit ---------------------------------------------------------------------------


def _recent_exclusions(plan: Plan) -> set[tuple[int, int]]:
    """(inspector id, target id) pairs to avoid: for each candidate target,
    the inspectors who inspected it in its last ``plan.avoid_recent_plans``
    drawn plans."""
    if plan.avoid_recent_plans < 1:
        return set()
    rows = (TeamMember.objects
            .filter(selection__target__candidacies__plan=plan,
                    selection__plan__status__in=[PlanStatus.DRAWN, PlanStatus.CLOSED])
            .exclude(selection__plan=plan)
            .values_list("selection__target_id", "selection__plan__draw__drawn_at",
                         "selection__plan_id", "inspector_id"))
    by_target: dict[int, dict[tuple[Any, int], set[int]]] = defaultdict(lambda: defaultdict(set))
    for target_id, drawn_at, plan_id, inspector_id in rows:
        by_target[target_id][(drawn_at, plan_id)].add(inspector_id)
    pairs: set[tuple[int, int]] = set()
    for target_id, plans in by_target.items():
        for key in sorted(plans, reverse=True)[: plan.avoid_recent_plans]:
            pairs.update((inspector_id, target_id) for inspector_id in plans[key])
    return pairs


def commit_plan(plan: Plan, *, actor: Actor) -> Plan:
    """Freeze the candidate list, the inspector pool and the exclusions, and
    record their SHA-256 hashes; publish them with the announced sources
    before the sources' values exist."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        locked.commit(timezone.now())
        population = population_targets(locked.population)
        rows = list(population.values_list("pk", "identifier", "name", "risk_class"))
        if not rows:
            raise PlanError(gettext("抽查对象范围内没有对象"))
        pk_by_identifier = {identifier: pk for pk, identifier, _, _ in rows}
        try:
            entries = drawlib.order_candidates((i, n, r) for _, i, n, r in rows)
        except ValueError as exc:
            raise PlanError(gettext("候选名单有重复标识：%(error)s") % {"error": exc}) from exc
        sizes = stratum_sizes(population)
        percents = locked.percents()
        total = sum(drawlib.picks_for(sizes[rc], percents[rc]) for rc in drawlib.RISK_CLASSES)
        minimum = drawlib.picks_for(len(entries), MIN_OVERALL_PERCENT)
        if total < minimum:
            raise PlanError(
                gettext("按现行比例只抽取%(total)s户，低于对象总数的%(percent)s%%（%(minimum)s户）")
                % {"total": total, "percent": MIN_OVERALL_PERCENT, "minimum": minimum})
        inspectors = list(Inspector.objects.filter(
            active=True, department__in=locked.departments.all())
            .select_related("department").order_by("enforcement_number"))
        if len(inspectors) < locked.team_size:
            raise PlanError(
                gettext("实施单位在岗检查人员只有%(count)s人，不足一个检查组（%(team)s人）")
                % {"count": len(inspectors), "team": locked.team_size})
        Candidate.objects.bulk_create(
            (Candidate(plan=locked, index=e.index, target_id=pk_by_identifier[e.identifier],
                       identifier=e.identifier, name=e.name, risk_class=e.risk_class)
             for e in entries), batch_size=500)
        PoolMember.objects.bulk_create(
            PoolMember(plan=locked, index=n, inspector=i, name=drawlib.clean_field(i.name),
                       enforcement_number=drawlib.clean_field(i.enforcement_number),
                       department_code=i.department.code)
            for n, i in enumerate(inspectors, start=1))
        _freeze_exclusions(locked)
        locked.candidates_sha256 = drawlib.candidate_list_sha256(entries)
        locked.pool_sha256 = drawlib.pool_sha256(pool_entries(locked))
        locked.exclusions_sha256 = drawlib.exclusions_sha256(exclusion_entries(locked))
        locked.save()
        audit_append(action="inspections.plan.commit", object_type="inspections.plan",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     after={"candidates": len(entries), "candidates_sha256":
                            locked.candidates_sha256, "pool": len(inspectors),
                            "pool_sha256": locked.pool_sha256,
                            "exclusions_sha256": locked.exclusions_sha256,
                            "strata": sizes, "source_labels": locked.source_labels})
    return locked


def _freeze_exclusions(plan: Plan) -> None:
    members = {m.inspector_id: m for m in PoolMember.objects.filter(plan=plan)}
    candidates = dict(Candidate.objects.filter(plan=plan).values_list("target_id", "pk"))
    conflicts = ConflictOfInterest.objects.filter(
        inspector__pool_entries__plan=plan, target__candidacies__plan=plan,
    ).values_list("inspector_id", "target_id")
    rows = {(i, t, ExclusionKind.CONFLICT) for i, t in conflicts}
    rows |= {(i, t, ExclusionKind.RECENT) for i, t in _recent_exclusions(plan) if i in members}
    Exclusion.objects.bulk_create(
        (Exclusion(plan=plan, member=members[i], candidate_id=candidates[t], kind=kind)
         for i, t, kind in sorted(rows)), batch_size=500)


# --- draw -----------------------------------------------------------------------------


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The plan as the draw record names it, with the grading run its
    candidates' risk classes came from (the latest finished before the list
    was frozen), so the draw can be re-run and its strata explained."""
    basis = None
    if plan.committed_at is not None:
        found = credit_queries.risk_basis(timezone.localtime(plan.committed_at).date(),
                                          finished_by=plan.committed_at)
        basis = found.as_json() if found is not None else None
    return {
        "risk_basis": basis,
        "id": plan.pk, "name": plan.name, "year": plan.year,
        "departments": [{"code": d.code, "name": d.name}
                        for d in plan.departments.order_by("code")],
        "items": [{"name": i.name, "kind": i.kind} for i in plan.items.all()],
        "avoid_recent_plans": plan.avoid_recent_plans,
        "starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat(),
    }


def draw_plan(plan: Plan, source_values: Sequence[str], *, actor: Actor) -> Draw:
    """Enter the announced sources' values and run the draw: targets per risk
    stratum, then a team for each target; publish the record."""
    values = [str(v).strip() for v in source_values]
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        locked.mark_drawn()
        if len(values) != len(locked.source_labels):
            raise PlanError(gettext("应填写%(expected)s个随机源的数值，实际%(got)s个")
                            % {"expected": len(locked.source_labels), "got": len(values)})
        try:
            key_string(values)
        except DrawInputError as exc:
            # qualitycert.lib is Django-free: it gives the reason in both languages.
            reason = exc.message_en if get_language() == "en" else exc.message_zh
            raise PlanError(reason) from exc
        problems = frozen_list_problems(locked)
        if problems:
            raise PlanError(gettext("冻结名单已被改动，不能抽取：") + "；".join(problems))
        inputs = drawlib.DrawInputs(
            candidates=candidate_entries(locked), percents=locked.percents(), sources=values,
            pool=pool_entries(locked), exclusions=exclusion_entries(locked),
            team_size=locked.team_size)
        outcome = drawlib.compute_draw(inputs)
        now = timezone.now()
        record = drawlib.build_record(
            inputs, outcome, plan=plan_summary(locked), announcement=locked.source_announcement,
            labels=locked.source_labels,
            committed_at=locked.committed_at.isoformat() if locked.committed_at else "",
            drawn_at=now.isoformat())
        text = drawlib.record_text(record)
        draw = Draw.objects.create(
            plan=locked, source_values=values, key_string=outcome.key,
            algorithm_version=outcome.version, record=text,
            record_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), drawn_at=now,
            drawn_by=actor.user)
        _save_selections(locked, outcome)
        locked.save()
        audit_append(action="inspections.plan.draw", object_type="inspections.plan",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     after={"sources": values, "key_string": outcome.key,
                            "version": outcome.version, "record_sha256": draw.record_sha256,
                            "drawn": len(outcome.assignments),
                            "insufficient": sum(a.status == drawlib.STATUS_INSUFFICIENT
                                                for a in outcome.assignments)})
    return draw


def _save_selections(plan: Plan, outcome: drawlib.DrawOutcome) -> None:
    candidates = {index: (pk, target_id, rc) for index, pk, target_id, rc in
                  Candidate.objects.filter(plan=plan).values_list(
                      "index", "pk", "target_id", "risk_class")}
    inspector_of = dict(PoolMember.objects.filter(plan=plan).values_list("index", "inspector_id"))
    selections = []
    for order, a in enumerate(outcome.assignments, start=1):
        pk, target_id, rc = candidates[a.target]
        selections.append(Selection(
            plan=plan, candidate_id=pk, target_id=target_id, risk_class=rc, draw_order=order,
            staffed=a.status == drawlib.STATUS_ASSIGNED, eligible_count=a.eligible))
    Selection.objects.bulk_create(selections, batch_size=500)
    pk_by_order = dict(Selection.objects.filter(plan=plan).values_list("draw_order", "pk"))
    TeamMember.objects.bulk_create(
        (TeamMember(selection_id=pk_by_order[order], inspector_id=inspector_of[m], seat=seat)
         for order, a in enumerate(outcome.assignments, start=1)
         for seat, m in enumerate(a.inspectors)), batch_size=500)


def close_plan(plan: Plan, *, actor: Actor) -> Plan:
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        locked.close(timezone.now())
        locked.save(update_fields=["status", "closed_at"])
        audit_append(action="inspections.plan.close", object_type="inspections.plan",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     after={"status": locked.status})
    return locked
