"""The archive page: who may open whose, and what each sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(uscc: str) -> str:
    return reverse("credit:archive", args=[uscc])


def test_supervisor_sees_facts_sources_and_grades(client_for, supervisor, archive, cert_a):
    response = client_for(supervisor).get(url(archive["enterprise"].uscc))
    assert response.status_code == 200
    text = response.content.decode()
    assert "津滨市监罚〔2025〕8号" in text and cert_a.number in text
    assert f'id="fact-{archive["penalty"].pk}"' in text
    # A certificate fact links to its source record in the back office.
    assert reverse("admin:registry_certificate_change", args=[cert_a.pk]) in text
    assert 'id="grades"' in text and "grade-D" in text  # vetoed by the listing


def test_full_width_lower_case_uscc_is_found(client_for, supervisor, archive):
    typed = archive["enterprise"].uscc.lower().translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789abcdefghijklmnopqrstuvwxyz"})
    assert client_for(supervisor).get(url(typed)).status_code == 200


def test_enterprise_sees_its_own_and_not_anothers(client_for, enterprise_user, archive):
    client = client_for(enterprise_user)
    own = client.get(url(archive["enterprise"].uscc))
    assert own.status_code == 200 and f"apply-repair-{archive['entry'].pk}" in own.content.decode()
    assert client.get(url(archive["other"].uscc)).status_code == 404
    assert client.get(reverse("credit:my_archive")).status_code == 302


def test_body_sees_only_facts_of_its_certificates(client_for, cb_alice, cb_bob, archive):
    page = client_for(cb_alice).get(url(archive["enterprise"].uscc))
    assert page.status_code == 200
    text = page.content.decode()
    assert "津滨市监罚〔2025〕8号" not in text and 'id="grades"' not in text
    from qualitycert.credit.models import Fact

    held = Fact.objects.get(kind="certificate_held", enterprise=archive["enterprise"])
    assert f'id="fact-{held.pk}"' in text  # its own certificate's fact
    # Body B holds no certificate of this enterprise.
    assert client_for(cb_bob).get(url(archive["enterprise"].uscc)).status_code == 404


def test_wrong_role_method_and_anonymous(client_for, inspector, supervisor, archive, client):
    uscc = archive["enterprise"].uscc
    assert client_for(inspector).get(url(uscc)).status_code == 403
    assert client_for(supervisor).post(url(uscc)).status_code == 405
    assert client.get(url(uscc)).status_code == 302
    assert client_for(supervisor).get(url("91120116000000000X")).status_code == 404


def test_english_locale(client_for, supervisor, archive):
    client = client_for(supervisor)
    response = client.get(url(archive["enterprise"].uscc), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "Quality archive" in text and "质量档案" not in text
