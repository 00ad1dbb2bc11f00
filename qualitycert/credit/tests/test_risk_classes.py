"""Classified supervision: the draw's risk classes come from the latest
grades; a dishonest enterprise is in the highest-risk class of the next
draw, and the draw record names the grading model version and as-of date."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.credit import actions
from qualitycert.inspections import actions as inspections
from qualitycert.inspections.models import CheckItemKind, Inspector, Target
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .builders import plant, published

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def test_grades_and_the_list_set_the_classes_of_the_next_draw(supervisor, department):
    actor = as_actor(supervisor)
    strong, listed, ungraded = make_enterprise(), make_enterprise(), make_enterprise()
    for kind in ("certificate_held", "certificate_held", "brand", "quality_commitment"):
        plant(strong, kind, dt.date(2024, 1, 1))
    plant(listed, "certificate_held", dt.date(2024, 1, 1))
    model = published(actor)
    actions.grade_enterprises(as_of=AS_OF, actor=actor)
    actions.list_dishonesty(
        enterprise=listed, criterion="forged_certificate", legal_basis="《认证认可条例》",
        decision_number="津滨市监信〔2026〕5号", authority="滨海新区市场监管局",
        starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2028, 7, 1),
        measures=["higher_inspection_ratio"], actor=actor)
    inspections.refresh_target_library(actor=Actor.system())
    classes = dict(Target.objects.filter(kind="enterprise").values_list(
        "enterprise_id", "risk_class"))
    assert classes[strong.pk] == "A"
    assert classes[listed.pk] == "D"  # listed after the run: still the highest-risk class
    assert classes[ungraded.pk] == "B"  # no facts: the default class
    reason = Target.objects.get(enterprise=strong, kind="enterprise").risk_reason
    assert f"v{model.version}" in reason and str(AS_OF) in reason

    for n in (1, 2):
        Inspector.objects.create(name=f"检查员{n}", department=department,
                                 enforcement_number=f"12011600{n:02d}")
    plan = inspections.create_plan(inspections.PlanSpec(
        name="认证有效性抽查", year=2026, departments=[department],
        items=[("认证证书使用", CheckItemKind.KEY)],
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31),
        source_announcement="体彩开奖号码", source_labels=["排列4"],
        percents={"A": Decimal(1), "B": Decimal(1), "C": Decimal(1), "D": Decimal(100)},
        population={"kinds": ["enterprise"]}, team_size=2, avoid_recent_plans=0),
        actor=actor)
    plan = inspections.commit_plan(plan, actor=actor)
    draw = inspections.draw_plan(plan, ["9319"], actor=actor)
    record = json.loads(draw.record)
    basis = record["plan"]["risk_basis"]
    assert (basis["model_version"], basis["as_of"]) == (model.version, "2026-06-30")
    drawn = set(plan.selections.values_list("target__enterprise_id", flat=True))
    assert listed.pk in drawn  # class D is drawn at 100 %
