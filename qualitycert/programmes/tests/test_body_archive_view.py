"""A body's integrity archive: commitments and people counts for everyone;
findings for the bureau and the body's own staff; internal notes for the
bureau only."""

from __future__ import annotations

import pytest

from qualitycert.programmes.models import BodyFinding

pytestmark = pytest.mark.django_db


def url(body):
    return f"/programmes/bodies/{body.approval_number}/"


def test_public_sees_commitments_and_counts_not_findings(client, planted, body_a):
    html = client.get(url(body_a)).content.decode()
    assert "公开承诺" in html and 'data-role="auditor"' in html
    assert 'id="findings"' not in html and "签字人甲" not in html


def test_bureau_sees_findings_with_the_signer_and_notes(client_for, supervisor, planted, body_a):
    BodyFinding.objects.filter(reference="F-1").update(internal_note="仅局内可见")
    html = client_for(supervisor).get(url(body_a)).content.decode()
    assert 'id="findings"' in html and "签字人甲" in html and "仅局内可见" in html


def test_own_body_sees_its_findings_another_body_does_not(client_for, cb_alice, cb_bob,
                                                          planted, body_a):
    own = client_for(cb_alice).get(url(body_a)).content.decode()
    assert 'id="findings"' in own and "仅局内可见" not in own
    other = client_for(cb_bob).get(url(body_a)).content.decode()
    assert 'id="findings"' not in other


def test_full_width_number_unknown_body_and_wrong_method(client, planted, body_a):
    wide = body_a.approval_number.replace("CNCA", "ＣＮＣＡ")
    assert client.get(f"/programmes/bodies/{wide}/").status_code == 200
    assert client.get("/programmes/bodies/CNCA-R-2099-999/").status_code == 404
    assert client.post(url(body_a)).status_code == 405


def test_the_index_is_for_the_bureau(client_for, supervisor, dept_user, planted):
    assert client_for(supervisor).get("/programmes/bodies/").status_code == 200
    assert client_for(dept_user).get("/programmes/bodies/").status_code == 403
    assert client_for(None).get("/programmes/bodies/").status_code == 302
