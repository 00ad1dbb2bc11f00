"""The public dishonesty list in the API, and on the enterprise's public
profile (page and API); the grade is never public."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualitycert.credit import actions
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def test_public_list_is_paged_and_active_only(client, supervisor, enterprise_user, archive):
    url = reverse("api-v1:dishonesty")
    body = client.get(url, {"page_size": 1}).json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    assert {"uscc", "name"} <= set(body["items"][0]["enterprise"])
    repair = actions.apply_for_repair(archive["entry"], corrective_actions="a", evidence="b",
                                      actor=as_actor(enterprise_user))
    actions.decide_repair(repair, approve=True, reason="整改到位", actor=as_actor(supervisor))
    after = client.get(url).json()
    assert [i["enterprise"]["uscc"] for i in after["items"]] == [archive["other"].uscc]


def test_bad_paging_is_a_4xx_with_a_reason(client, db):
    response = client.get(reverse("api-v1:dishonesty"), {"page": 0})
    assert response.status_code == 422 and response.json()["detail"]
    assert client.get(reverse("api-v1:dishonesty"), {"page": "x"}).status_code == 422
    assert client.post(reverse("api-v1:dishonesty")).status_code == 405


def test_enterprise_profile_shows_active_entries_never_the_grade(client, archive):
    uscc = archive["enterprise"].uscc
    body = client.get(reverse("api-v1:enterprise", args=[uscc])).json()
    assert [e["decision_number"] for e in body["dishonesty"]] == ["津滨市监信〔2026〕2号"]
    assert "grade" not in str(body).lower()
    page = client.get(reverse("verification:enterprise", args=[uscc])).content.decode()
    assert 'id="section-dishonesty"' in page and "津滨市监信〔2026〕2号" in page
    assert "grade-" not in page


def test_batch_verify_flags_a_dishonest_holder(client, archive, cert_a):
    items = [{"certificate_number": cert_a.number, "holder_uscc": archive["enterprise"].uscc},
             {"holder_uscc": archive["other"].uscc},
             {"holder_uscc": "91120116000000000X"}]
    body = client.post("/api/v1/verify", {"items": items}, content_type="application/json")
    assert body.status_code == 200
    assert [r["holder_dishonest"] for r in body.json()["results"]] == [True, True, False]
