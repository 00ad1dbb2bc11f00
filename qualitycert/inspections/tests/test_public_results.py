"""一公开: only published results reach the public pages, the enterprise
profile include and the annual summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qualitycert.inspections import actions, queries
from qualitycert.inspections.models import InspectionResult
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def finish(selection, inspector, partner, supervisor, *, publish=True, category="no_problem"):
    deadline = timezone.localdate() + dt.timedelta(days=10) if category == "corrected" else None
    result = actions.save_result(selection, category=category, findings="内部记录：联系人电话",
                                 rectification_deadline=deadline, actor=as_actor(inspector))
    result = actions.cosign_result(actions.submit_result(result, actor=as_actor(inspector)), actor=as_actor(partner))
    result = actions.accept_result(result, actor=as_actor(supervisor))
    return actions.publish_result(result, actor=as_actor(supervisor)) if publish else result


@pytest.fixture
def results(drawn_plan, inspector, partner, supervisor):
    first, second, *_ = drawn_plan.selections.order_by("draw_order")
    return (finish(first, inspector, partner, supervisor, category="corrected"),
            finish(second, inspector, partner, supervisor, publish=False))


def test_public_plan_list(client, drawn_plan, results, department, supervisor) -> None:
    url = reverse("inspections:public_plans")
    page = client.get(url)
    assert page.status_code == 200 and drawn_plan.name in page.content.decode()
    assert client.post(url).status_code == 405


def test_an_empty_public_list_says_when_results_appear(client, db) -> None:
    page = client.get(reverse("inspections:public_plans")).content.decode()
    assert "暂无公示" in page and "20 个工作日内公示于此" in page


def test_public_plan_page_shows_only_published(client, drawn_plan, results) -> None:
    published, accepted = results
    url = reverse("inspections:public_plan", args=[drawn_plan.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert published.selection.candidate.identifier in html
    assert accepted.selection.candidate.identifier not in html
    assert "联系人电话" not in html  # findings stay internal
    assert drawn_plan.candidates_sha256 in html
    assert client.post(url).status_code == 405


def test_unpublished_plan_is_404(client, drawn_plan) -> None:
    assert client.get(reverse("inspections:public_plan", args=[drawn_plan.pk])).status_code == 404
    assert client.get(reverse("inspections:public_plan", args=[9999])).status_code == 404


def test_profile_include(drawn_plan, results) -> None:
    published, accepted = results
    enterprise = published.selection.target.enterprise
    found = list(queries.published_results_for(enterprise))
    assert found == [published]
    assert list(queries.published_results_for(accepted.selection.target.enterprise)) == []
    html = render_to_string("inspections/_public_results.html",
                            {"inspection_results": found})
    assert "发现问题已责令改正" in html and drawn_plan.name in html
    empty = render_to_string("inspections/_public_results.html", {"inspection_results": []})
    assert "暂无公示的抽查结果" in empty


def test_published_result_reaches_the_enterprise_profile(client, drawn_plan, results) -> None:
    published, accepted = results
    enterprise = published.selection.target.enterprise
    html = client.get(f"/e/{enterprise.uscc}/").content.decode()
    assert "发现问题已责令改正" in html and drawn_plan.name in html
    assert "联系人电话" not in html  # findings stay internal
    other = accepted.selection.target.enterprise
    assert "暂无公示的抽查结果" in client.get(f"/e/{other.uscc}/").content.decode()


def test_annual_summary(drawn_plan, results) -> None:
    published, _accepted = results
    summary = queries.annual_summary(2026)
    assert summary.plans == summary.plans_drawn == 1
    assert summary.targets_drawn == drawn_plan.selections.count()
    assert summary.results_by_category["corrected"] == 1
    assert summary.results_by_category["no_problem"] == 1
    assert sum(summary.results_by_category.values()) == 2
    assert (summary.results_published, summary.published_on_time) == (1, 1)
    assert summary.on_time_share == 1.0
    InspectionResult.objects.filter(pk=published.pk).update(
        publication_due_on=timezone.localdate() - dt.timedelta(days=1))
    late = queries.annual_summary(2026)
    assert late.published_on_time == 0 and late.on_time_share == 0.0
    assert queries.annual_summary(2025).as_dict()["targets_drawn"] == 0
    assert queries.annual_summary(2025).on_time_share is None


def test_annual_summary_as_of_a_day(drawn_plan, results) -> None:
    """The annual report asks for the year's end: nothing recorded or
    published after the day counts."""
    today = timezone.localdate()
    before = queries.annual_summary(2026, as_of=today - dt.timedelta(days=1))
    assert sum(before.results_by_category.values()) == 0 and before.results_published == 0
    assert before.targets_drawn == drawn_plan.selections.count()  # the draw itself stays
    on_the_day = queries.annual_summary(2026, as_of=today)
    assert on_the_day.as_dict() == queries.annual_summary(2026).as_dict()


def test_overdue_for_publication(drawn_plan, results) -> None:
    _, accepted = results
    today = timezone.localdate()
    assert list(queries.overdue_for_publication(today)) == []
    InspectionResult.objects.filter(pk=accepted.pk).update(
        publication_due_on=today - dt.timedelta(days=1))
    assert list(queries.overdue_for_publication(today)) == [accepted]
