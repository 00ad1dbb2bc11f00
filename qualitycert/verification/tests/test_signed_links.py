"""Verification links signed ahead of time: signed once, served while they
cover the certificate's claims, never served once they do not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qualitycert.lib import signing
from qualitycert.registry.models import Enterprise
from qualitycert.testing.actors import as_actor
from qualitycert.verification import actions, keyring, qr, queries, signed_links
from qualitycert.verification.models import SignedLink

pytestmark = pytest.mark.django_db

SIGNED_ON = dt.date(2026, 3, 1)


def facts(cert) -> queries.PublicCertificate:
    """The certificate as the public lookup reads it (with its stored link)."""
    [found] = queries.public_certificates(cert.number)
    return found


def claims_of(token: str) -> dict[str, str]:
    return keyring.verify(token).summary()


def test_every_certificate_is_signed_once(cert_a, cert_b):
    first = signed_links.sign_links(on=SIGNED_ON)
    assert (first.checked, first.signed) == (2, 2)
    assert signed_links.sign_links(on=SIGNED_ON + dt.timedelta(days=1)).signed == 0
    assert set(SignedLink.objects.values_list("issued_on", flat=True)) == {SIGNED_ON}


def test_the_stored_link_is_served_and_verifies(cert_a):
    signed_links.sign_links(on=SIGNED_ON)
    today = dt.date(2026, 11, 26)
    link = signed_links.link_for(facts(cert_a), today)
    assert (link.kid, link.issued_on) == (keyring.current_signer().kid, SIGNED_ON)
    # The very token a fresh signature dated that day would be.
    assert link.token == qr.token_for(facts(cert_a), on=SIGNED_ON)
    claims = claims_of(link.token)
    assert claims["no"] == cert_a.number and claims["status"] == "valid"


def test_without_a_stored_link_the_lookup_signs_afresh(cert_a):
    today = dt.date(2026, 11, 26)
    link = signed_links.link_for(facts(cert_a), today)
    assert link.issued_on == today
    assert link.token == qr.token_for(facts(cert_a), on=today)


def test_a_renamed_holder_keeps_its_link(cert_a, holder):
    """A compact link names no holder (the landing page shows the live one),
    so a rename needs no new signature."""
    signed_links.sign_links(on=SIGNED_ON)
    Enterprise.objects.filter(pk=holder.pk).update(name="天津滨海新名称制造有限公司")
    today = dt.date(2026, 11, 26)
    link = signed_links.link_for(facts(cert_a), today)
    assert link.issued_on == SIGNED_ON
    assert signed_links.sign_links(on=today).signed == 0


def test_a_renewal_is_not_covered_by_the_old_link(cert_a, supervisor):
    from qualitycert.registry import actions as registry_actions

    signed_links.sign_links(on=SIGNED_ON)
    registry_actions.renew_certificate(cert_a, issued_on=dt.date(2026, 6, 1),
                                       expires_on=dt.date(2029, 5, 31), reason="再认证",
                                       actor=as_actor(supervisor))
    link = signed_links.link_for(facts(cert_a), dt.date(2026, 11, 26))
    assert claims_of(link.token)["exp"] == "2029-05-31"
    assert link.issued_on == dt.date(2026, 11, 26)


def test_a_rotated_key_signs_everything_again(cert_a, cert_b, supervisor):
    signed_links.sign_links(on=SIGNED_ON)
    old_kid = keyring.current_signer().kid
    actions.rotate_signing_key(actor=as_actor(supervisor), reason="测试轮换")
    keyring.reset()
    # Until the next run the old key's links are still served: it stays published.
    assert signed_links.link_for(facts(cert_a), SIGNED_ON).kid == old_kid
    assert signed_links.sign_links(on=SIGNED_ON).signed == 2
    link = signed_links.link_for(facts(cert_a), SIGNED_ON)
    assert link.kid == keyring.current_signer().kid != old_kid
    assert claims_of(link.token)["no"] == cert_a.number


def test_a_link_whose_digest_does_not_match_is_never_served(cert_a):
    signed_links.sign_links(on=SIGNED_ON)
    SignedLink.objects.update(digest="0" * 32)
    today = dt.date(2026, 11, 26)
    assert signed_links.link_for(facts(cert_a), today).issued_on == today


def test_the_command_reports_what_it_did(cert_a, capsys):
    call_command("sign_links")
    call_command("sign_links")
    out = capsys.readouterr().out.splitlines()
    assert "已检查 1 张证书，已签名 1 个" in out[0]
    assert "已检查 1 张证书，已签名 0 个" in out[1]


@hypothesis_settings(max_examples=60, deadline=None)
@given(number=st.text(min_size=1, max_size=30),
       status=st.sampled_from(sorted(signing.STATUS_CODES)),
       changed=st.sampled_from(["n", "b", "s", "x"]),
       to=st.text(min_size=1, max_size=30))
def test_a_digest_covers_every_claim(number, status, changed, to):
    """Changing any one claim changes the digest the stored link is checked by."""
    claims = signing.compact_certificate_claims(number=number, body="CNCA-R-2002-001",
                                                status=status, expires_on=dt.date(2028, 1, 9))
    other = {**claims, changed: to}
    same = signing.input_digest(signing.signing_input(claims, "k1")) == signing.input_digest(
        signing.signing_input(other, "k1"))
    assert same == (other == claims)


def test_the_page_the_slip_and_the_api_give_one_link(client, cert_a):
    from qualitycert.verification.views import certificate_url

    signed_links.sign_links(on=SIGNED_ON)
    api = client.get(f"/api/v1/certificates/{cert_a.number}").json()["verification_url"]
    assert claims_of(api.rsplit("/", 1)[1])["no"] == cert_a.number
    page = client.get(certificate_url(cert_a.body.approval_number, cert_a.number))
    assert page.status_code == 200 and api in page.content.decode()
    page_cert = queries.certificate_for_page(cert_a.body.approval_number, cert_a.number)
    stored = signed_links.link_for(queries.PublicCertificate.from_model(page_cert),
                                   dt.date(2026, 11, 26))
    assert qr.verification_url(stored.token) == api


def test_a_page_without_a_stored_link_signs_one(cert_a):
    today = dt.date(2026, 11, 26)
    facts = queries.PublicCertificate.from_model(cert_a)
    assert signed_links.link_for(facts, today).issued_on == today
