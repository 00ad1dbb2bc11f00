"""The 双随机 screens in one language (issue 11 item 1), with the project-wide
check's rules (qualitycert/tests/test_i18n.py), for the people who use them:
the bureau (plans in each state, review), an inspector (list, assignment, result
form, conflicts), a user without an inspector profile, and the public (results).
The project-wide test renders the pages without parameters; this one renders
those that need a plan, a selection or a result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.inspections import actions
from qualitycert.testing.actors import as_actor
from qualitycert.tests.test_i18n import data_values, wrong_language

from .conftest import plan_spec

pytestmark = pytest.mark.django_db
ADMIN_MODELS = ("inspector", "conflictofinterest", "target", "plan", "inspectionresult")


def _pages(drawn_plan, department, inspector, partner, supervisor) -> dict[str, list[str]]:
    first, second, third = drawn_plan.selections.order_by("draw_order")[:3]
    # One result published (with a deadline), one awaiting review, one a draft.
    published = actions.save_result(
        first, category="corrected", findings="标识不规范", actor=as_actor(inspector),
        rectification_deadline=timezone.localdate() + dt.timedelta(days=30))
    published = actions.cosign_result(actions.submit_result(published, actor=as_actor(inspector)),
                                      actor=as_actor(partner))
    published = actions.publish_result(actions.accept_result(published, actor=as_actor(supervisor)),
                                       actor=as_actor(supervisor))
    submitted = actions.save_result(second, category="no_problem", findings="良好",
                                    rectification_deadline=None, actor=as_actor(inspector))
    submitted = actions.submit_result(submitted, actor=as_actor(inspector))
    actions.save_result(third, category="no_problem", findings="", rectification_deadline=None,
                        actor=as_actor(inspector))
    draft = actions.create_plan(plan_spec([department], name="草拟的计划"), actor=Actor.system())
    committed = actions.commit_plan(
        actions.create_plan(plan_spec([department], name="冻结的计划"), actor=Actor.system()),
        actor=Actor.system())
    enterprise = first.target.enterprise
    admin_pages = [reverse(f"admin:inspections_{m}_changelist") for m in ADMIN_MODELS]
    admin_pages += [reverse("admin:inspections_plan_change", args=[drawn_plan.pk]),
                    reverse("admin:inspections_inspectionresult_change", args=[published.pk]),
                    reverse("admin:inspections_target_change", args=[first.target_id])]
    return {
        "supervisor": [
            reverse("inspections:dashboard"), reverse("inspections:targets"),
            reverse("inspections:plan_create"), reverse("inspections:review_queue"),
            reverse("inspections:plan", args=[drawn_plan.pk]),
            reverse("inspections:plan", args=[committed.pk]),
            reverse("inspections:plan_draw", args=[committed.pk]),
            reverse("inspections:plan_edit", args=[draft.pk]),
            reverse("inspections:review_result", args=[submitted.pk]),
            reverse("inspections:review_result", args=[published.pk]),
            *admin_pages],
        "inspector": [
            reverse("inspections:my_assignments"),
            reverse("inspections:my_assignment", args=[third.pk]),
            reverse("inspections:my_assignment", args=[second.pk]),
            reverse("inspections:my_assignment", args=[first.pk]),
            reverse("inspections:my_conflicts")],
        "dept_user": [reverse("inspections:my_assignments")],  # no inspector profile
        "anonymous": [
            reverse("inspections:public_plans"),
            reverse("inspections:public_plan", args=[drawn_plan.pk]),
            reverse("verification:enterprise", args=[enterprise.uscc])],
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_inspections_page_is_in_one_language(language, client_for, drawn_plan, department,
                                                   inspector, partner, supervisor, dept_user):
    pages = _pages(drawn_plan, department, inspector, partner, supervisor)
    clients = {"supervisor": client_for(supervisor), "inspector": client_for(inspector),
               "dept_user": client_for(dept_user), "anonymous": Client()}
    allowed = data_values()
    problems = []
    for persona, urls in pages.items():
        for url in urls:
            response = clients[persona].get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (persona, url, response.status_code)
            found = wrong_language(response.content.decode(), language, allowed)
            if found:
                problems.append(f"{persona} {url}: {sorted(set(found))[:8]}")
    assert not problems, "\n".join(problems)
