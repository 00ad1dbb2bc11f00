"""The inspector's pages: own assignments only; another inspector's is 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qualitycert.inspections.models import ConflictOfInterest, InspectionResult, ResultStatus

pytestmark = pytest.mark.django_db


def test_my_assignments(client_for, inspector, outsider, supervisor, drawn_plan,
                        make_user) -> None:
    url = reverse("inspections:my_assignments")
    page = client_for(inspector).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for sel in drawn_plan.selections.all():
        assert sel.candidate.identifier in html
    other = client_for(outsider).get(url).content.decode()
    assert drawn_plan.selections.first().candidate.identifier not in other
    # An account with no library entry is told why and whom to ask (issue 11).
    no_profile = client_for(make_user("no_profile")).get(url)
    assert no_profile.status_code == 200 and 'id="no-profile"' in no_profile.content.decode()
    assert "检查人员名录" in client_for(supervisor).get(url).content.decode()
    assert client_for(inspector).post(url).status_code == 405


def test_record_a_result(client_for, inspector, outsider, supervisor, selection) -> None:
    url = reverse("inspections:my_assignment", args=[selection.pk])
    client = client_for(inspector)
    assert client.get(url).status_code == 200
    response = client.post(url, {"category": "corrected", "findings": "标志使用不规范",
                                 "rectification_deadline": (timezone.localdate()
                                                            + dt.timedelta(days=15)).isoformat()})
    assert response.status_code == 302
    result = InspectionResult.objects.get(selection=selection)
    assert result.category == "corrected" and result.recorded_by == inspector
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"category": "other"}).status_code == 404
    assert client_for(supervisor).get(url).status_code == 403
    assert client.put(url).status_code == 405


def test_record_bad_input_is_400(client_for, inspector, selection) -> None:
    url = reverse("inspections:my_assignment", args=[selection.pk])
    missing = client_for(inspector).post(url, {"category": "corrected", "findings": ""})
    assert missing.status_code == 400 and "须填写整改期限" in missing.content.decode()
    bad = client_for(inspector).post(url, {"category": "nonsense"})
    assert bad.status_code == 400
    assert not InspectionResult.objects.exists()


def test_submit_and_cosign(client_for, inspector, partner, outsider, selection) -> None:
    submit = reverse("inspections:result_submit", args=[selection.pk])
    cosign = reverse("inspections:result_cosign", args=[selection.pk])
    assert client_for(inspector).post(submit).status_code == 404  # nothing recorded yet
    client_for(inspector).post(reverse("inspections:my_assignment", args=[selection.pk]),
                               {"category": "no_problem", "findings": "良好"})
    assert client_for(inspector).get(submit).status_code == 405
    assert client_for(outsider).post(submit).status_code == 404
    assert client_for(inspector).post(submit).status_code == 302
    refused = client_for(inspector).post(cosign)
    assert refused.status_code == 409 and "另一名成员" in refused.content.decode()
    assert client_for(outsider).post(cosign).status_code == 404
    assert client_for(partner).get(cosign).status_code == 405
    assert client_for(partner).post(cosign).status_code == 302
    assert InspectionResult.objects.get().status == ResultStatus.SUBMITTED


def test_declare_a_conflict(client_for, inspector, supervisor, team, library) -> None:
    targets = library(2)
    url = reverse("inspections:my_conflicts")
    client = client_for(inspector)
    assert client.get(url).status_code == 200
    response = client.post(url, {"identifier": targets[1].identifier.lower(),
                                 "reason": "配偶在该企业任职"})
    assert response.status_code == 302
    assert ConflictOfInterest.objects.get().target == targets[1]
    assert client.post(url, {"identifier": targets[1].identifier,
                             "reason": "again"}).status_code == 400
    assert client.post(url, {"identifier": "NOPE", "reason": "x"}).status_code == 400
    assert client_for(supervisor).get(url).status_code == 403
    assert client.put(url).status_code == 405
