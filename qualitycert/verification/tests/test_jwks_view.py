import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from qualitycert.accounts.actor import Actor
from qualitycert.verification import actions, keyring, qr, queries
from qualitycert.verification.models import SigningKey

pytestmark = pytest.mark.django_db
URL = "/.well-known/qualitycert-keys.json"


def _b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_first_key_is_created_lazily_and_published(client):
    assert SigningKey.objects.count() == 0
    response = client.get(URL)
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert len(keys) == 1 and SigningKey.objects.count() == 1
    jwk = keys[0]
    assert {k: jwk[k] for k in ("kty", "crv", "alg", "use")} == {
        "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig"}
    assert "d" not in jwk and len(_b64(jwk["x"])) == 32
    assert "public" in response["Cache-Control"]


def test_never_serves_private_material(client):
    client.get(URL)
    row = SigningKey.objects.get()
    text = client.get(URL).content.decode()
    assert row.sealed_private_key not in text and '"d"' not in text


def test_server_token_verifies_with_cryptography_from_the_published_jwks(client, cert_a):
    """What any JOSE library (joserfc, jwcrypto) does, done by hand."""
    token = qr.token_for(queries.PublicCertificate.from_model(cert_a), on=queries.today())
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_b64(header_b64))
    jwks = json.loads(client.get(URL).content)
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    assert header["alg"] == "EdDSA"
    Ed25519PublicKey.from_public_bytes(_b64(jwk["x"])).verify(
        _b64(signature_b64), f"{header_b64}.{payload_b64}".encode("ascii"))
    claims = json.loads(_b64(payload_b64))
    assert claims == {"n": cert_a.number, "b": "CNCA-R-2002-001", "s": "v",
                      "x": "2028-01-09"}


def test_retired_keys_stay_published_current_first(client):
    client.get(URL)
    first = SigningKey.objects.get().kid
    actions.rotate_signing_key(actor=Actor.system(), reason="test")
    keyring.reset()
    kids = [k["kid"] for k in client.get(URL).json()["keys"]]
    assert len(kids) == 2 and kids[1] == first and kids[0] != first


def test_post_is_not_allowed(client, db):
    assert client.post(URL).status_code == 405
