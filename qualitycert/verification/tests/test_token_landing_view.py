import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualitycert.accounts.actor import Actor
from qualitycert.lib import signing
from qualitycert.verification import actions, keyring, qr, queries

pytestmark = pytest.mark.django_db


def _token(cert):
    return qr.token_for(queries.PublicCertificate.from_model(cert), on=queries.today())


def _path(token):
    return f"/v/{token}"


def test_good_token_shows_signature_and_live_status(client, cert_a):
    response = client.get(_path(_token(cert_a)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "二维码签名有效" in page
    assert 'class="badge valid"' in page and cert_a.holder.name in page


def test_verification_url_points_at_the_landing_page(client, cert_a, settings):
    settings.PUBLIC_BASE_URL = "https://verify.example.gov.cn"
    url = qr.verification_url(_token(cert_a))
    assert url.startswith("https://verify.example.gov.cn/v/")
    assert client.get(url.removeprefix("https://verify.example.gov.cn")).status_code == 200


def test_withdrawn_certificate_shows_withdrawn_though_signature_is_good(client, cert_a,
                                                                        in_state):
    token = _token(cert_a)          # printed while valid
    in_state(cert_a, "withdrawn")
    page = client.get(_path(token)).content.decode()
    assert "二维码签名有效" in page
    assert 'class="badge withdrawn"' in page
    assert 'class="badge valid"' not in page


def _change_one(token, part, position=10):
    parts = token.split(".")
    segment = parts[part]
    ch = segment[position]
    parts[part] = segment[:position] + ("B" if ch != "B" else "C") + segment[position + 1:]
    return ".".join(parts)


@pytest.mark.parametrize("part", [1, 2])
def test_one_character_changed_shows_the_warning(client, cert_a, part):
    response = client.get(_path(_change_one(_token(cert_a), part)))
    page = response.content.decode()
    assert response.status_code == 400
    assert "警告：此二维码无法通过验证" in page
    assert cert_a.holder.name not in page


def test_foreign_token_with_our_kid_shows_the_warning(client, cert_a):
    kid = keyring.current_signer().kid
    claims = qr.claims_for(queries.PublicCertificate.from_model(cert_a), on=dt.date(2025, 3, 1))
    forged = signing.sign(claims, Ed25519PrivateKey.generate(), kid)
    response = client.get(_path(forged))
    assert response.status_code == 400
    assert "篡改或伪造" in response.content.decode()


def test_foreign_key_id_shows_the_warning(client, cert_a):
    other = signing.generate_key_pair()
    claims = qr.claims_for(queries.PublicCertificate.from_model(cert_a), on=dt.date(2025, 3, 1))
    response = client.get(_path(signing.sign(claims, other.private_key, other.kid)))
    assert response.status_code == 400
    assert "签名密钥不属于本系统" in response.content.decode()


@pytest.mark.parametrize("garbage", ["x", "a.b.c", "<script>alert(1)</script>", "%00%ff"])
def test_garbage_is_a_warning_not_an_error(client, db, garbage):
    response = client.get(_path(garbage))
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_rotated_key_old_token_still_verifies(client, cert_a):
    token = _token(cert_a)
    actions.rotate_signing_key(actor=Actor.system(), reason="test")
    keyring.reset()
    new_kid = keyring.current_signer().kid
    assert signing.verify(token, keyring.public_keys()).kid != new_kid
    response = client.get(_path(token))
    assert response.status_code == 200
    assert "二维码签名有效" in response.content.decode()


def test_signed_but_no_longer_in_registry(client, cert_a):
    claims = qr.claims_for(queries.PublicCertificate.from_model(cert_a), on=queries.today())
    token = keyring.current_signer().sign({**claims, "n": "GONE-1"})
    response = client.get(_path(token))
    assert response.status_code == 200
    assert "登记系统中已无此证书" in response.content.decode()


def test_holder_changed_since_signing_is_flagged(client, cert_a):
    """Only long tokens (printed before issue 11) name the holder."""
    claims = signing.certificate_claims(
        number=cert_a.number, body=cert_a.body.approval_number, uscc="91120116000000000X",
        holder=cert_a.holder.name, scheme="ISO9001", issued_at=queries.today(),
        expires_on=cert_a.expires_on)
    token = keyring.current_signer().sign(claims)
    assert "持证企业与当前登记不一致" in client.get(_path(token)).content.decode()


def test_post_is_not_allowed(client, cert_a):
    assert client.post(_path(_token(cert_a))).status_code == 405
