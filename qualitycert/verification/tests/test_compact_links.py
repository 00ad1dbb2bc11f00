"""Issue 11: links short enough for a small printed QR code, a slip whose code
decodes, old long links still good, and no production site printing the
local default host."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import segno
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qualitycert.lib import signing
from qualitycert.verification import checks, keyring, qr, queries, signed_links

pytestmark = pytest.mark.django_db

# A long public host, as a government site's might be.
LONG_HOST = "https://zlrz-verify.scjgj.tjbh.gov.cn"


def _facts(cert) -> queries.PublicCertificate:
    return queries.PublicCertificate.from_model(cert)


def _url(cert) -> str:
    return qr.verification_url(signed_links.link_for(_facts(cert), queries.today()).token)


def test_the_link_fits_300_characters_and_a_version_12_code(cert_a, settings):
    settings.PUBLIC_BASE_URL = LONG_HOST
    url = _url(cert_a)
    assert len(url) <= qr.MAX_URL_LENGTH
    code = qr.make_qr(url)
    assert code.version <= qr.MAX_QR_VERSION and code.error in ("M", "Q", "H")


# What certificate numbers are made of (CBs' own formats: 00125Q10001R0M,
# CQC2021010101234567, 2019-ZB-0001/02 …). A quote or backslash would be
# escaped in the JSON payload and cost two bytes; no known format has one.
NUMBER_CHARS = st.characters(min_codepoint=0x21, max_codepoint=0x7e,
                             exclude_characters='"\\')


@hypothesis_settings(max_examples=60, deadline=None)
@given(number=st.text(NUMBER_CHARS, min_size=1, max_size=20),
       status=st.sampled_from(sorted(signing.STATUS_CODES)))
def test_every_number_up_to_20_characters_fits(number, status):
    """The worst case: a 37-character host and a 20-character number (the
    demo's longest formats have 18). A version-12 code at level M holds 287
    bytes: with a host of up to 27 characters, numbers of 24 still fit."""
    key = signing.generate_key_pair()
    claims = signing.compact_certificate_claims(number=number, body="CNCA-R-2002-001",
                                                status=status, expires_on=dt.date(2029, 12, 31))
    url = f"{LONG_HOST}{qr.LANDING_PATH}{signing.sign(claims, key.private_key, key.kid)}"
    assert len(url) <= qr.MAX_URL_LENGTH
    assert segno.make_qr(url, error="m").version <= qr.MAX_QR_VERSION


def test_the_compact_token_says_number_body_status_valid_until_and_key(cert_a):
    token = qr.token_for(_facts(cert_a))
    verified = keyring.verify(token)
    assert set(verified.payload) == {"n", "b", "s", "x"}
    assert set(verified.header) == {"alg", "kid"}
    assert (verified.number, verified.body, verified.status, verified.expires_on) == (
        cert_a.number, "CNCA-R-2002-001", "valid", dt.date(2028, 1, 9))
    assert verified.kid == keyring.current_signer().kid


def test_a_status_change_is_not_covered_by_the_stored_link(cert_a):
    from qualitycert.registry.models import Certificate

    signed_links.sign_links(on=dt.date(2026, 3, 1))
    # The status as a lifecycle step would leave it (the step itself is tested in registry).
    Certificate.objects.filter(pk=cert_a.pk).update(status="suspended")
    cert_a.refresh_from_db()
    link = signed_links.link_for(_facts(cert_a), queries.today())
    assert keyring.verify(link.token).status == "suspended"


def _long_token(cert) -> str:
    """A link as printed before issue 11: every claim, `typ` in the header."""
    signer = keyring.current_signer()
    claims = signing.certificate_claims(
        number=cert.number, body=cert.body.approval_number, uscc=cert.holder.uscc,
        holder=cert.holder.name, scheme=cert.scheme.code, issued_at=dt.date(2026, 1, 5),
        expires_on=cert.expires_on)
    return signing.sign(claims, signer.private_key, signer.kid)


def test_old_long_links_keep_verifying(client, cert_a, capsys):
    token = _long_token(cert_a)
    assert len(token) > 300
    verified = keyring.verify(token)
    assert not verified.compact and verified.issued_on == dt.date(2026, 1, 5)
    page = client.get(f"/v/{token}")
    assert page.status_code == 200 and cert_a.number in page.content.decode()
    call_command("verify_qr", f"http://127.0.0.1:8000/v/{token}")
    assert "签名有效" in capsys.readouterr().out


def test_an_old_key_still_verifies_after_a_rotation(client, cert_a, supervisor):
    from qualitycert.testing.actors import as_actor
    from qualitycert.verification import actions

    old = _url(cert_a)
    actions.rotate_signing_key(actor=as_actor(supervisor), reason="轮换测试")
    keyring.reset()
    assert client.get(old.replace("http://127.0.0.1:8000", "")).status_code == 200
    assert keyring.current_signer().kid not in old


def test_an_unknown_status_code_is_refused(cert_a):
    signer = keyring.current_signer()
    claims = {**qr.claims_for(_facts(cert_a)), "s": "q"}
    with pytest.raises(signing.InvalidToken):
        keyring.verify(signing.sign(claims, signer.private_key, signer.kid))


# --- the slip -----------------------------------------------------------------------


def _decode_slip(pdf: bytes, tmp_path, dpi: int) -> list[str]:
    (tmp_path / "slip.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1",
                    str(tmp_path / "slip.pdf"), str(tmp_path / "page")], check=True,
                   timeout=60)
    [png] = sorted(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True,
                           text=True, timeout=60)
    return found.stdout.split()


def _need_zbar() -> None:
    import os

    missing = [tool for tool in ("zbarimg", "pdftoppm") if shutil.which(tool) is None]
    if missing and os.environ.get("QC_REQUIRE_BROWSER") != "1":
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install zbar-tools "
                    "poppler-utils)")


@pytest.mark.parametrize("dpi", [150, 300])
def test_the_slips_qr_decodes_and_verifies(client, cert_a, tmp_path, settings, capsys, dpi):
    _need_zbar()
    settings.PUBLIC_BASE_URL = LONG_HOST
    response = client.get(f"/c/{cert_a.body.approval_number}/{cert_a.number}/slip.pdf")
    assert response.status_code == 200
    decoded = _decode_slip(response.content, tmp_path, dpi)
    assert decoded == [_url(cert_a)]
    call_command("verify_qr", decoded[0])
    out = capsys.readouterr().out
    assert "签名有效" in out and cert_a.number in out


def test_a_tampered_link_fails_verify_qr(cert_a):
    url = _url(cert_a)
    at = len(url) - 20
    bad = url[:at] + ("A" if url[at] != "A" else "B") + url[at + 1:]
    with pytest.raises(CommandError):
        call_command("verify_qr", bad)


# --- the production check -------------------------------------------------------------


@pytest.mark.parametrize(("production", "base", "ids"), [
    (False, "http://127.0.0.1:8000", []),
    (True, "http://127.0.0.1:8000", ["qualitycert.E101"]),
    (True, "https://localhost", ["qualitycert.E101"]),
    (True, "http://rz.example.gov.cn", ["qualitycert.E102"]),
    (True, "https://rz.example.gov.cn", []),
])
def test_production_needs_a_public_base_url(settings, production, base, ids):
    settings.PRODUCTION = production
    settings.PUBLIC_BASE_URL = base
    assert [m.id for m in checks.public_base_url_check()] == ids
