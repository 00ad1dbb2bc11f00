"""Plan personas and helpers. The Binhai plan comes from the data migration;
`plan` reloads it when a transactional test (the browser test) flushed it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from qualitycert.plan.loading import DATA_DIR, load_plan, read_plan_file
from qualitycert.plan.models import Department, Plan, WorkItem
from qualitycert.plan.periods import Period, period_containing
from qualitycert.testing.actors import as_actor
from qualitycert.testing.fixtures import PASSWORD

PLAN_CODE = "binhai-2019"


def ensure_plan() -> Plan:
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        plan = load_plan(read_plan_file(DATA_DIR / "binhai_2019.json"),
                         lambda name: apps.get_model("plan", name))
    return plan


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


@pytest.fixture
def plan(db) -> Plan:
    """The loaded plan, with reporting moved to start a year before this one
    so that there are always ended quarters, whatever day the tests run."""
    plan = ensure_plan()
    plan.reporting_starts_on = dt.date(timezone.localdate().year - 1, 1, 1)
    plan.save(update_fields=["reporting_starts_on"])
    return plan


@pytest.fixture
def gi_by_hand(plan) -> Plan:
    """The plan with its GI target entered by hand, as it was before the
    programmes app counted GI records (issue 15): the one target the manual
    figure tests have to work with."""
    plan.targets.filter(code="geographical_indications").update(indicator="manual", params={})
    return plan


@pytest.fixture
def last_period(plan) -> Period:
    """The most recent quarter that has ended."""
    current = period_containing(timezone.localdate(), "quarterly")
    return period_containing(current.starts_on - dt.timedelta(days=1), "quarterly")


def unit(code: str) -> Department:
    return Department.objects.get(code=code)


def work_item(plan: Plan, task: int, item: int = 1) -> WorkItem:
    return WorkItem.objects.get(task__plan=plan, task__number=task, item=item)


def _dept_user(username: str, code: str, **fields: Any):  # type: ignore[no-untyped-def]
    from qualitycert.accounts.models import User

    return User.objects.create_user(username=username, password=PASSWORD, role="department",
                                    department=unit(code), first_name=username,
                                    email=fields.pop("email", f"{username}@example.org"),
                                    **fields)


@pytest.fixture
def scjgj_user(plan, dept_user):
    """The shared dept_user belongs to 区市场监管局, the lead of 23 of 24 items."""
    assert dept_user.department.code == "scjgj"
    return dept_user


@pytest.fixture
def fgw_user(plan):
    return _dept_user("fgw_staff", "fgw")


@pytest.fixture
def kjj_user(plan):
    return _dept_user("kjj_staff", "kjj")


@pytest.fixture
def sfj_user(plan):
    return _dept_user("sfj_staff", "sfj")


@pytest.fixture
def file_report(plan, last_period) -> Callable[..., Any]:
    """File (and optionally submit) a report through the real actions."""
    from qualitycert.plan import actions

    def make(user, task: int, item: int = 1, *, period: str | None = None,
             status: str = "in_progress", submit: bool = True):  # type: ignore[no-untyped-def]
        report = actions.save_report(work_item=work_item(plan, task, item),
                                     period=period or last_period.code, status=status,
                                     narrative="本季度推进情况", figures=[["培训人次", "120"]],
                                     actor=as_actor(user))
        if submit:
            report = actions.submit_report(report, actor=as_actor(user))
        return report
    return make


def is_login_redirect(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")
