"""Bureau plan pages: create, edit, detail, commit, draw, close, the
committed list and the record. Each: happy path, wrong method, wrong role,
another unit's or a missing object (404)."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from qualitycert.accounts.actor import Actor
from qualitycert.inspections import actions
from qualitycert.inspections import draw as drawlib
from qualitycert.inspections.models import Plan, PlanStatus

from .conftest import plan_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_dept_user(make_user, other_department):
    return make_user("dept_other", role="department", department=other_department)


@pytest.fixture
def committed_plan(team, library, department):
    library(5)
    return actions.commit_plan(actions.create_plan(plan_spec([department]), actor=Actor.system()),
                               actor=Actor.system())


def plan_form_data(department, **overrides):
    data = {
        "name": "2026年认证有效性抽查", "year": "2026", "departments": [department.pk],
        "general_items": "认证证书使用", "key_items": "持续符合认证要求", "kinds": ["enterprise"],
        "industry_prefixes": "", "divisions": "", "percent_a": "3", "percent_b": "5",
        "percent_c": "10", "percent_d": "20", "team_size": "2", "avoid_recent_plans": "2",
        "starts_on": "2026-12-01", "ends_on": "2026-12-31",
        "source_announcement": "2026年12月1日体彩排列4开奖号码", "source_labels": "排列4\n大乐透前区",
    }
    data.update(overrides)
    return data


def test_create_plan(client_for, supervisor, inspector, department) -> None:
    url = reverse("inspections:plan_create")
    client = client_for(supervisor)
    assert client.get(url).status_code == 200
    response = client.post(url, plan_form_data(department, industry_prefixes="C34, C35"))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:plan", args=[plan.pk])
    assert plan.source_labels == ["排列4", "大乐透前区"]
    assert plan.population["industry_prefixes"] == ["C34", "C35"]
    assert client_for(inspector).get(url).status_code == 403
    assert client.put(url).status_code == 405


def test_create_plan_bad_input_is_400(client_for, supervisor, department) -> None:
    client = client_for(supervisor)
    url = reverse("inspections:plan_create")
    response = client.post(url, plan_form_data(department, key_items="", percent_d="50"))
    assert response.status_code == 400
    assert "仅含一般检查事项" in response.content.decode()
    response = client.post(url, plan_form_data(department, team_size="1", year="abc"))
    assert response.status_code == 400 and not Plan.objects.exists()


def test_edit_plan(client_for, supervisor, dept_user, department, committed_plan) -> None:
    draft = actions.create_plan(plan_spec([department]), actor=Actor.system())
    url = reverse("inspections:plan_edit", args=[draft.pk])
    client = client_for(supervisor)
    assert client.get(url).status_code == 200
    assert client.post(url, plan_form_data(department, name="改名")).status_code == 302
    draft.refresh_from_db()
    assert draft.name == "改名"
    frozen = reverse("inspections:plan_edit", args=[committed_plan.pk])
    response = client.post(frozen, plan_form_data(department))
    assert response.status_code == 400 and "名单已公示冻结" in response.content.decode()
    assert client_for(dept_user).get(url).status_code == 403
    assert client.get(reverse("inspections:plan_edit", args=[9999])).status_code == 404
    assert client.delete(url).status_code == 405


def test_plan_detail_for_bureau_and_participating_units(client_for, supervisor, dept_user,
                                                        other_dept_user, inspector,
                                                        drawn_plan) -> None:
    url = reverse("inspections:plan", args=[drawn_plan.pk])
    page = client_for(supervisor).get(url)
    assert page.status_code == 200
    assert drawn_plan.candidates_sha256 in page.content.decode()
    assert client_for(dept_user).get(url).status_code == 200
    assert client_for(other_dept_user).get(url).status_code == 404
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 405


def test_commit_view(client_for, supervisor, dept_user, department, team, library) -> None:
    plan = actions.create_plan(plan_spec([department]), actor=Actor.system())
    url = reverse("inspections:plan_commit", args=[plan.pk])
    client = client_for(supervisor)
    # Nothing in the library yet: refused with the reason, not a 500.
    refused = client.post(url)
    assert refused.status_code == 409 and "抽查对象范围内没有对象" in refused.content.decode()
    library(3)
    assert client.post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMITTED
    assert client.get(url).status_code == 405
    assert client_for(dept_user).post(url).status_code == 403
    assert client.post(reverse("inspections:plan_commit", args=[9999])).status_code == 404


def test_draw_view(client_for, supervisor, dept_user, committed_plan) -> None:
    url = reverse("inspections:plan_draw", args=[committed_plan.pk])
    client = client_for(supervisor)
    form = client.get(url)
    assert form.status_code == 200 and "排列4" in form.content.decode()
    bad = client.post(url, {"source_1": "12", "source_2": "x y", "source_3": "1"})
    assert bad.status_code == 400 and "不是非负整数" in bad.content.decode()
    good = client.post(url, {"source_1": "9319", "source_2": "2 5 12 8 10",
                             "source_3": "9 18 26 34 41 45"})
    assert good.status_code == 302
    committed_plan.refresh_from_db()
    assert committed_plan.status == PlanStatus.DRAWN
    again = client.post(url, {"source_1": "1", "source_2": "2", "source_3": "3"})
    assert again.status_code == 409
    assert client_for(dept_user).get(url).status_code == 403
    assert client.put(url).status_code == 405
    assert client.get(reverse("inspections:plan_draw", args=[9999])).status_code == 404


def test_close_view(client_for, supervisor, dept_user, drawn_plan, committed_plan) -> None:
    url = reverse("inspections:plan_close", args=[drawn_plan.pk])
    assert client_for(dept_user).post(url).status_code == 403
    assert client_for(supervisor).get(url).status_code == 405
    assert client_for(supervisor).post(url).status_code == 302
    drawn_plan.refresh_from_db()
    assert drawn_plan.status == PlanStatus.CLOSED
    refused = client_for(supervisor).post(reverse("inspections:plan_close",
                                                  args=[committed_plan.pk]))
    assert refused.status_code == 409


def test_candidates_text_is_the_hashed_bytes(client_for, supervisor, dept_user,
                                             other_dept_user, inspector, drawn_plan) -> None:
    url = reverse("inspections:plan_candidates", args=[drawn_plan.pk])
    response = client_for(dept_user).get(url)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == drawn_plan.candidates_sha256
    assert response.content.decode().startswith("1\t")
    assert client_for(other_dept_user).get(url).status_code == 404
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 405


def test_record_download_verifies(client_for, supervisor, other_dept_user, inspector,
                                  drawn_plan, department) -> None:
    url = reverse("inspections:plan_record", args=[drawn_plan.pk])
    response = client_for(supervisor).get(url)
    assert response.status_code == 200
    assert drawlib.first_mismatch(json.loads(response.content)) is None
    assert hashlib.sha256(response.content).hexdigest() == drawn_plan.draw.record_sha256
    assert client_for(other_dept_user).get(url).status_code == 404
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 405
    draft = actions.create_plan(plan_spec([department]), actor=Actor.system())
    assert client_for(supervisor).get(reverse("inspections:plan_record",
                                              args=[draft.pk])).status_code == 404
