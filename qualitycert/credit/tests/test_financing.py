"""认证增信: an enterprise consents to share a grade threshold; a bank's token
with the credit:financing scope lists certified enterprises that meet it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qualitycert.api.actions import create_api_token
from qualitycert.api.models import ApiToken
from qualitycert.audit.models import AuditEntry
from qualitycert.credit import actions
from qualitycert.credit.models import SharingConsent
from qualitycert.testing.actors import as_actor

from .builders import plant, published

pytestmark = pytest.mark.django_db
URL = "/api/v1/credit/financing"


@pytest.fixture
def bank(db, supervisor):
    from qualitycert.accounts.models import User

    owner = User.objects.create_user(username="bank", password="x" * 12, role="api_client")
    token, plaintext = create_api_token(owner=owner, name="滨海农商银行", actor=as_actor(supervisor),
                                        rate_limit_per_minute=1000)
    return token, plaintext


def graded_holder(supervisor, holder, cert_a, *, strong: bool) -> None:
    actor = as_actor(supervisor)
    actions.sync_registry_facts(actor=actor)
    if strong:
        for kind in ("certificate_held", "brand", "quality_commitment"):
            plant(holder, kind, dt.date(2024, 1, 1))
    published(actor)
    actions.grade_enterprises(as_of=dt.date.today(), actor=actor)


def test_listed_only_with_scope_consent_and_a_grade_that_meets_it(
        client, supervisor, enterprise_user, holder, cert_a, bank):
    token, plaintext = bank
    graded_holder(supervisor, holder, cert_a, strong=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get(URL).status_code == 401
    assert client.get(URL, **auth).status_code == 403  # no scope yet
    actions.grant_financing_access(token, institution="滨海农商银行", kind="bank",
                                   actor=as_actor(supervisor))
    assert client.get(URL, **auth).json()["items"] == []  # no consent yet
    actions.give_consent(holder, min_grade="B", actor=as_actor(enterprise_user))
    items = client.get(URL, **auth).json()["items"]
    assert [(i["uscc"], i["grade_at_least"]) for i in items] == [(holder.uscc, "B")]
    assert "grade" not in {k for i in items for k in i}  # only the threshold
    actions.give_consent(holder, min_grade="A", actor=as_actor(enterprise_user))
    grade = holder.credit_grades.get().grade
    listed = client.get(URL, **auth).json()["items"]
    assert bool(listed) == (grade == "A")
    actions.revoke_consent(holder, actor=as_actor(enterprise_user))
    assert client.get(URL, **auth).json()["items"] == []
    assert SharingConsent.objects.filter(revoked_at__isnull=True).count() == 0
    assert list(AuditEntry.objects.filter(action__startswith="credit.consent")
                .values_list("action", flat=True)) == [
        "credit.consent.give", "credit.consent.give", "credit.consent.revoke"]
    actions.revoke_financing_access(ApiToken.objects.get(pk=token.pk), actor=as_actor(supervisor))
    assert client.get(URL, **auth).status_code == 403


def test_consent_page(client_for, enterprise_user, supervisor, holder):
    client = client_for(enterprise_user)
    url = reverse("credit:consent")
    assert client.get(url).status_code == 200
    assert client.post(url, {"min_grade": "X"}).status_code == 400
    assert client.post(url, {"min_grade": "C"}).status_code == 302
    assert SharingConsent.objects.get(revoked_at__isnull=True).min_grade == "C"
    assert client.post(url, {"revoke": "1"}).status_code == 302
    assert not SharingConsent.objects.filter(revoked_at__isnull=True).exists()
    assert client_for(supervisor).get(url).status_code == 403
    assert client.put(url).status_code == 405
