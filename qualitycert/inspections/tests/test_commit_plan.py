"""Creating and committing a plan: the plan rules, the frozen lists and
their hashes, immutability, and exclusions."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.db import connection

from qualitycert.accounts.actor import Actor
from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions, queries
from qualitycert.inspections import draw as drawlib
from qualitycert.inspections.models import (
    Candidate,
    CheckItemKind,
    Exclusion,
    PlanError,
    PlanStatus,
)
from qualitycert.testing.actors import as_actor

from .conftest import RFC_SOURCES, plan_spec

pytestmark = pytest.mark.django_db


def test_create_and_commit_freezes_the_list(team, library, department, supervisor) -> None:
    targets = library(5)
    plan = actions.create_plan(plan_spec([department]), actor=as_actor(supervisor))
    assert plan.status == PlanStatus.DRAFT and plan.items.count() == 2
    plan = actions.commit_plan(plan, actor=as_actor(supervisor))
    assert plan.status == PlanStatus.COMMITTED
    rows = list(Candidate.objects.filter(plan=plan).order_by("index"))
    assert [c.identifier for c in rows] == sorted(t.identifier for t in targets)
    lines = "".join(f"{c.index}\t{c.identifier}\t{c.name}\t{c.risk_class}\n" for c in rows)
    assert plan.candidates_sha256 == hashlib.sha256(lines.encode()).hexdigest()
    # The pool: active inspectors of the plan's departments only.
    assert list(plan.pool.values_list("name", flat=True)) == ["李检查", "周会签"]
    assert queries.frozen_list_problems(plan) == []
    entry = AuditEntry.objects.get(action="inspections.plan.commit")
    assert entry.after is not None and entry.after["candidates_sha256"] == plan.candidates_sha256


def test_frozen_rows_refuse_changes(drawn_plan) -> None:
    candidate = drawn_plan.candidates.first()
    candidate.name = "改名"
    with pytest.raises(PlanError):
        candidate.save()


def test_editing_the_frozen_list_behind_our_back_is_detected(team, library, department,
                                                             supervisor) -> None:
    library(4)
    plan = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=as_actor(supervisor)),
                               actor=as_actor(supervisor))
    table = connection.ops.quote_name(Candidate._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET risk_class = 'D' WHERE plan_id = %s AND \"index\" = 1",
                       [plan.pk])
    problems = queries.frozen_list_problems(plan)
    assert problems and "候选名单" in problems[0]
    with pytest.raises(PlanError, match="冻结名单已被改动"):
        actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))


def test_commit_twice_is_refused(drawn_plan, supervisor) -> None:
    with pytest.raises(PlanError):
        actions.commit_plan(drawn_plan, actor=as_actor(supervisor))
    with pytest.raises(PlanError):
        actions.update_plan(drawn_plan, plan_spec(list(drawn_plan.departments.all())),
                            actor=as_actor(supervisor))


@pytest.mark.parametrize(("overrides", "fragment"), [
    ({"departments": []}, "实施单位"),
    ({"items": []}, "抽查事项"),
    ({"team_size": 1}, "不少于2人"),
    ({"source_labels": []}, "每个随机源都要有名称"),
    ({"source_announcement": " "}, "必须公告随机源"),
    ({"percents": {"A": Decimal(0), "B": Decimal(0), "C": Decimal(0), "D": Decimal(0)}},
     "不能全为0"),
    ({"items": [("一般事项", CheckItemKind.GENERAL)],
      "percents": {"A": Decimal(3), "B": Decimal(5), "C": Decimal(10), "D": Decimal(50)}},
     "仅含一般检查事项"),
    ({"population": {"colour": ["red"]}}, "未知的对象范围条件"),
])
def test_plan_rules(department, overrides, fragment) -> None:
    spec = plan_spec([department] if "departments" not in overrides else [], **{
        k: v for k, v in overrides.items() if k != "departments"})
    with pytest.raises(PlanError, match=fragment):
        actions.create_plan(spec, actor=Actor.system())


def test_key_items_are_unbounded(department) -> None:
    spec = plan_spec([department], percents={"A": Decimal(100), "B": Decimal(100),
                                              "C": Decimal(100), "D": Decimal(100)})
    assert actions.create_plan(spec, actor=Actor.system()).percent_d == 100


def test_at_least_three_percent_overall(team, library, department, supervisor) -> None:
    library(40)
    spec = plan_spec([department], percents={"A": Decimal(0), "B": Decimal(0), "C": Decimal(0),
                                             "D": Decimal(1)})
    plan = actions.create_plan(spec, actor=as_actor(supervisor))
    # All 40 are class B: 0% of them is below 3% of 40 (2 targets).
    with pytest.raises(PlanError, match="3"):
        actions.commit_plan(plan, actor=as_actor(supervisor))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.candidates.exists()


def test_empty_population_and_too_few_inspectors(library, department, make_inspector) -> None:
    plan = actions.create_plan(plan_spec([department]), actor=Actor.system())
    with pytest.raises(PlanError, match="抽查对象范围内没有对象"):
        actions.commit_plan(plan, actor=Actor.system())
    library(3)
    make_inspector()
    with pytest.raises(PlanError, match="不足一个检查组"):
        actions.commit_plan(plan, actor=Actor.system())


def test_population_filter(team, library, department, holder, issue, body_a) -> None:
    library(3)
    issue(body_a, holder, "F-1", scheme="ISO14001")
    actions.refresh_target_library(actor=Actor.system())
    spec = plan_spec([department], population={"kinds": ["enterprise"], "schemes": ["ISO14001"],
                                               "certificate_statuses": ["valid"]})
    plan = actions.commit_plan(actions.create_plan(spec, actor=Actor.system()), actor=Actor.system())
    assert list(plan.candidates.values_list("identifier", flat=True)) == [holder.uscc]


def test_conflicts_and_recent_inspectors_are_excluded(team, library, department,
                                                      supervisor) -> None:
    targets = library(4)
    me, _partner, _ = team
    actions.declare_conflict(inspector=me, target=targets[0], reason="亲属任职", actor=Actor.system())
    first = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                                actor=Actor.system())
    actions.draw_plan(first, RFC_SOURCES, actor=as_actor(supervisor))
    second = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                                 actor=Actor.system())
    kinds = {(e.member.inspector_id, e.candidate.target_id, e.kind)
             for e in Exclusion.objects.filter(plan=second)}
    assert (me.pk, targets[0].pk, "conflict") in kinds
    # Everyone who inspected a target in the first plan sits out the second for it.
    for sel in first.selections.filter(staffed=True):
        for member in sel.team.all():
            assert (member.inspector_id, sel.target_id, "recent") in kinds
    # With a pool of two, any excluded inspector leaves too few: such targets are flagged.
    actions.draw_plan(second, RFC_SOURCES, actor=as_actor(supervisor))
    for sel in second.selections.all():
        excluded = Exclusion.objects.filter(plan=second, candidate=sel.candidate).exists()
        assert sel.staffed is not excluded


def test_avoidance_window_zero_disables_recent_exclusions(team, library, department,
                                                          supervisor) -> None:
    library(4)
    first = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                                actor=Actor.system())
    actions.draw_plan(first, RFC_SOURCES, actor=as_actor(supervisor))
    second = actions.commit_plan(actions.create_plan(
        plan_spec([department], avoid_recent_plans=0), actor=Actor.system()), actor=Actor.system())
    assert not Exclusion.objects.filter(plan=second).exists()
    assert queries.frozen_list_problems(second) == []
    assert second.exclusions_sha256 == drawlib.exclusions_sha256([])
