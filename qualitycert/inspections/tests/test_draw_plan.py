"""The draw action: selections and teams saved, the record published and
reproducible, conflicts honoured, nobody alone on a target."""

from __future__ import annotations

import json

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions
from qualitycert.inspections import draw as drawlib
from qualitycert.inspections.models import Draw, PlanError, PlanStatus, Selection, TeamMember
from qualitycert.testing.actors import as_actor

from .conftest import RFC_SOURCES, plan_spec

pytestmark = pytest.mark.django_db


def test_draw_saves_selections_teams_and_record(drawn_plan) -> None:
    draw = Draw.objects.get(plan=drawn_plan)
    record = json.loads(draw.record)
    assert drawn_plan.status == PlanStatus.DRAWN
    assert draw.key_string == "9319./2.5.8.10.12./9.18.26.34.41.45./"
    assert drawlib.first_mismatch(record) is None
    picked = [t for s in record["strata"] for t in s["targets"]]
    selections = list(drawn_plan.selections.order_by("draw_order"))
    assert [s.candidate.index for s in selections] == picked
    for sel, assignment in zip(selections, record["assignments"], strict=True):
        pool = dict(drawn_plan.pool.values_list("index", "inspector_id"))
        assert [m.inspector_id for m in sel.team.order_by("seat")] == [
            pool[i] for i in assignment["inspectors"]]
    entry = AuditEntry.objects.get(action="inspections.plan.draw")
    assert entry.after is not None and entry.after["record_sha256"] == draw.record_sha256


def test_conflicted_inspectors_are_never_assigned(library, department, make_inspector,
                                                  supervisor) -> None:
    targets = library(12)
    inspectors = [make_inspector() for _ in range(5)]
    for n, target in enumerate(targets):
        actions.declare_conflict(inspector=inspectors[n % 5], target=target, reason="利害关系",
                                 actor=Actor.system())
    plan = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                               actor=Actor.system())
    actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))
    assert plan.selections.count() == 6
    for member in TeamMember.objects.filter(selection__plan=plan):
        assert not member.inspector.conflicts.filter(target=member.selection.target).exists()
    for sel in plan.selections.all():
        assert sel.staffed and sel.team.count() == 2


def test_too_few_eligible_inspectors_flags_the_target(library, department, make_inspector,
                                                      supervisor) -> None:
    targets = library(2)
    a, b = make_inspector(), make_inspector()
    actions.declare_conflict(inspector=a, target=targets[0], reason="亲属", actor=Actor.system())
    spec = plan_spec([department], percents={k: drawlib.Decimal(100) for k in "ABCD"})
    plan = actions.commit_plan(actions.create_plan(spec, actor=Actor.system()), actor=Actor.system())
    actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))
    flagged = Selection.objects.get(plan=plan, target=targets[0])
    assert not flagged.staffed and flagged.team.count() == 0 and flagged.eligible_count == 1
    other = Selection.objects.get(plan=plan, target=targets[1])
    assert other.staffed and set(other.team.values_list("inspector", flat=True)) == {a.pk, b.pk}


@pytest.mark.parametrize(("values", "fragment"), [
    (["1", "2"], "应填写3个随机源的数值"),
    (["1", "x", "3"], "不是非负整数"),
    (["1", "", "3"], "为空，至少需要一个数字"),
])
def test_bad_source_values(team, library, department, values, fragment) -> None:
    library(3)
    plan = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                               actor=Actor.system())
    with pytest.raises(PlanError, match=fragment):
        actions.draw_plan(plan, values, actor=Actor.system())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMITTED


def test_draw_needs_a_committed_plan(drawn_plan, department) -> None:
    with pytest.raises(PlanError):
        actions.draw_plan(drawn_plan, RFC_SOURCES, actor=Actor.system())
    draft = actions.create_plan(plan_spec([department]), actor=Actor.system())
    with pytest.raises(PlanError):
        actions.draw_plan(draft, RFC_SOURCES, actor=Actor.system())


def test_close(drawn_plan) -> None:
    actions.close_plan(drawn_plan, actor=Actor.system())
    drawn_plan.refresh_from_db()
    assert drawn_plan.status == PlanStatus.CLOSED and drawn_plan.closed_at
    with pytest.raises(PlanError):
        actions.close_plan(drawn_plan, actor=Actor.system())
