"""Tokens the server hands out verify with standard JOSE libraries (joserfc,
jwcrypto) against the JWKS it publishes, and one changed character makes
both refuse them. Covered: a link signed on the spot and one signed ahead
of time by sign-links, both as the public API returns them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from joserfc import jws as joserfc_jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from jwcrypto.common import JWException

from qualitycert.verification import signed_links

# joserfc warns that RFC 9864 deprecates "EdDSA" for "Ed25519"; issue 3 and the
# verifiers already deployed expect RFC 8037's "EdDSA", so that is what we sign.
pytestmark = [pytest.mark.django_db,
              pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

JWKS_URL = "/.well-known/qualitycert-keys.json"


def api_token(client, cert) -> str:
    url = client.get(f"/api/v1/certificates/{cert.number}").json()["verification_url"]
    return url.rsplit("/", 1)[1]


def verify_with_joserfc(token: str, jwks: Any) -> dict:
    found = joserfc_jws.deserialize_compact(token, KeySet.import_key_set(jwks),
                                            algorithms=["EdDSA"])
    return json.loads(found.payload)


def verify_with_jwcrypto(token: str, jwks: dict) -> dict:
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.allowed_algs = ["EdDSA"]
    signed.verify(jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks)))
    return json.loads(signed.payload)


VERIFIERS = [verify_with_joserfc, verify_with_jwcrypto]


@pytest.mark.parametrize("verify", VERIFIERS)
@pytest.mark.parametrize("signed_ahead", [False, True])
def test_the_apis_token_verifies(client, cert_a, verify, signed_ahead):
    if signed_ahead:
        signed_links.sign_links(on=dt.date(2026, 3, 1))
    token = api_token(client, cert_a)
    claims = verify(token, client.get(JWKS_URL).json())
    assert claims == {"n": cert_a.number, "b": cert_a.body.approval_number, "s": "v",
                      "x": cert_a.expires_on.isoformat()}


def _changed(token: str, at: int) -> str:
    char = token[at]
    return token[:at] + ("A" if char != "A" else "B") + token[at + 1:]


@pytest.mark.parametrize("verify", VERIFIERS)
def test_one_changed_character_is_refused(client, cert_a, verify):
    signed_links.sign_links(on=dt.date(2026, 3, 1))
    token = api_token(client, cert_a)
    jwks = client.get(JWKS_URL).json()
    header, payload, _ = token.split(".")
    for at in (len(header) + 5, len(header) + 1 + len(payload) // 2, len(token) - 10):
        with pytest.raises((JoseError, JWException, ValueError)):
            verify(_changed(token, at), jwks)
