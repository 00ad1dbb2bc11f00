"""Bureau pages besides plans: dashboard, target library, review and publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions
from qualitycert.inspections.models import InspectionResult, ResultStatus, Target
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(selection, inspector, partner):
    result = actions.save_result(selection, category="no_problem", findings="良好",
                                 rectification_deadline=None, actor=as_actor(inspector))
    return actions.cosign_result(actions.submit_result(result, actor=as_actor(inspector)), actor=as_actor(partner))


def test_dashboard(client_for, supervisor, inspector, dept_user, drawn_plan, submitted) -> None:
    url = reverse("inspections:dashboard")
    # A result whose deadline has passed shows as overdue.
    InspectionResult.objects.filter(pk=submitted.pk).update(
        publication_due_on=timezone.localdate() - dt.timedelta(days=1))
    page = client_for(supervisor).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert drawn_plan.name in html and submitted.selection.candidate.identifier in html
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(dept_user).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert client_for(supervisor).post(url).status_code == 405


def test_target_list_and_filter(client_for, supervisor, inspector, library) -> None:
    targets = library(3)
    Target.objects.filter(pk=targets[0].pk).update(risk_class="D")
    url = reverse("inspections:targets")
    page = client_for(supervisor).get(url, {"risk_class": "D"})
    assert page.status_code == 200
    html = page.content.decode()
    assert targets[0].identifier in html and targets[1].identifier not in html
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 405


def test_target_refresh(client_for, supervisor, inspector, holder) -> None:
    url = reverse("inspections:target_refresh")
    assert client_for(supervisor).get(url).status_code == 405
    assert client_for(inspector).post(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 302
    assert Target.objects.filter(identifier=holder.uscc).exists()
    assert AuditEntry.objects.filter(action="inspections.target_library.refresh").exists()


def test_review_queue(client_for, supervisor, inspector, submitted) -> None:
    url = reverse("inspections:review_queue")
    page = client_for(supervisor).get(url)
    assert page.status_code == 200 and submitted.selection.candidate.name in page.content.decode()
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(supervisor).post(url).status_code == 405


def test_review_accept_then_publish(client_for, supervisor, inspector, submitted) -> None:
    url = reverse("inspections:review_result", args=[submitted.pk])
    client = client_for(supervisor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "publish"}).status_code == 409  # not accepted yet
    assert client.post(url, {"decision": "accept", "note": "同意"}).status_code == 302
    assert client.post(url, {"decision": "publish"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ResultStatus.PUBLISHED
    assert client_for(inspector).post(url, {"decision": "accept"}).status_code == 403
    assert client.put(url).status_code == 405
    assert client.get(reverse("inspections:review_result", args=[9999])).status_code == 404
    assert client.post(url, {"decision": "delete"}).status_code == 400


def test_review_return_needs_a_note(client_for, supervisor, submitted) -> None:
    url = reverse("inspections:review_result", args=[submitted.pk])
    client = client_for(supervisor)
    refused = client.post(url, {"decision": "return", "note": ""})
    assert refused.status_code == 409 and "退回时须写明需要修改的内容" in refused.content.decode()
    in_english = client.post(url, {"decision": "return", "note": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Say what must be corrected" in in_english.content.decode()
    assert client.post(url, {"decision": "return", "note": "补充照片"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ResultStatus.RETURNED
