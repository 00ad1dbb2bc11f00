"""Builders for the inspections tests: a target library, inspectors, and a
plan drawn with a two-person pool (so both team members are known)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.inspections import actions
from qualitycert.inspections.models import CheckItemKind, Inspector, Plan, Target
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise
from qualitycert.testing.fixtures import PASSWORD

RFC_SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"]


@pytest.fixture
def other_department(db):
    from qualitycert.plan.models import Department

    return Department.objects.get_or_create(name="区商务和投促局", defaults={"code": "swtcj"})[0]


@pytest.fixture
def make_user(db) -> Callable[..., Any]:
    from qualitycert.accounts.models import User

    def make(username: str, role: str = "inspector", **fields: Any) -> User:
        return User.objects.create_user(username=username, password=PASSWORD, role=role,
                                        first_name=fields.pop("first_name", username), **fields)
    return make


@pytest.fixture
def make_inspector(department) -> Callable[..., Inspector]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, *, dept: Any = None, user: Any = None,
             active: bool = True) -> Inspector:
        n = next(counter)
        return Inspector.objects.create(
            name=name or f"检查员{n}", department=dept or department,
            enforcement_number=f"1201160{n:04d}", user=user, active=active)
    return make


@pytest.fixture
def library(db) -> Callable[[int], list[Target]]:
    """n enterprises in the registry and in the target library."""
    def make(n: int) -> list[Target]:
        for _ in range(n):
            make_enterprise(division_code="120116", industry_code="C3411")
        actions.refresh_target_library(actor=Actor.system())
        return list(Target.objects.filter(kind="enterprise").order_by("identifier"))
    return make


def plan_spec(departments: list[Any], **overrides: Any) -> actions.PlanSpec:
    fields: dict[str, Any] = {
        "name": "认证有效性抽查", "year": 2026, "departments": departments,
        "items": [("认证证书使用", CheckItemKind.GENERAL), ("持续符合认证要求", CheckItemKind.KEY)],
        "starts_on": dt.date(2026, 12, 1), "ends_on": dt.date(2026, 12, 31),
        "source_announcement": "2026年12月1日体彩开奖号码", "source_labels": ["排列4", "大乐透前区",
                                                                      "双色球红球"],
        "percents": {"A": Decimal(50), "B": Decimal(50), "C": Decimal(50), "D": Decimal(50)},
        "population": {"kinds": ["enterprise"]},
        "team_size": 2, "avoid_recent_plans": 2,
    }
    fields.update(overrides)
    return actions.PlanSpec(**fields)


@pytest.fixture
def partner(make_user):
    return make_user("inspector_b", first_name="周会签")


@pytest.fixture
def outsider(make_user):
    """An inspector with a profile, in no team of the plans below."""
    return make_user("inspector_out", first_name="局外人")


@pytest.fixture
def team(inspector, partner, outsider, make_inspector, other_department):
    """The plan's pool: exactly the inspector persona and a partner (scjgj);
    the outsider belongs to another department, so is never in the pool."""
    return (make_inspector("李检查", user=inspector), make_inspector("周会签", user=partner),
            make_inspector("局外人", user=outsider, dept=other_department))


@pytest.fixture
def drawn_plan(team, library, department, supervisor) -> Plan:
    library(6)
    plan = actions.create_plan(plan_spec([department]), actor=as_actor(supervisor))
    plan = actions.commit_plan(plan, actor=as_actor(supervisor))
    actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))
    plan.refresh_from_db()
    return plan


@pytest.fixture
def selection(drawn_plan):
    return drawn_plan.selections.order_by("draw_order").first()
