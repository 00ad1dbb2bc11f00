"""The JWS/JWKS helpers, checked against RFC 8037's own example and against
plain `cryptography` (what any JOSE library does underneath)."""

import base64
import datetime as dt
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from qualitycert.lib import signing

CLAIMS = signing.certificate_claims(
    number="00125Q10001R0M", body="CNCA-R-2002-001", uscc="91120116MA05XXXX0X",
    holder="天津滨海测试制造有限公司", scheme="ISO9001", issued_at=dt.date(2025, 3, 1),
    expires_on=dt.date(2028, 1, 9))

# RFC 8037 Appendix A.1 / A.4.
RFC_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC_JWS = ("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
           "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")


@pytest.fixture
def pair():
    return signing.generate_key_pair()


def _keys(pair):
    return {pair.kid: pair.private_key.public_key()}


def test_rfc8037_example_verifies_with_our_jwks_loader():
    keys = signing.load_jwks({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": RFC_X,
                                        "kid": "rfc8037"}]})
    header, payload, signature = RFC_JWS.split(".")
    assert signing.b64url_decode(payload) == b"Example of Ed25519 signing"
    keys["rfc8037"].verify(signing.b64url_decode(signature), f"{header}.{payload}".encode())


def test_rfc8037_private_key_gives_the_published_x_and_signature():
    key = Ed25519PrivateKey.from_private_bytes(signing.b64url_decode(RFC_D))
    assert signing.b64url_encode(signing.public_key_bytes(key.public_key())) == RFC_X
    header, payload, signature = RFC_JWS.split(".")
    assert signing.b64url_encode(key.sign(f"{header}.{payload}".encode())) == signature


def test_round_trip(pair):
    token = signing.sign(CLAIMS, pair.private_key, pair.kid)
    verified = signing.verify(token, _keys(pair))
    assert verified.payload == CLAIMS
    assert verified.kid == pair.kid
    assert verified.header == {"alg": "EdDSA", "kid": pair.kid, "typ": "JOSE"}
    assert verified.expires_on == dt.date(2028, 1, 9)


def test_token_verifies_with_plain_cryptography_from_the_jwks_json(pair):
    """What a JOSE library (joserfc, jwcrypto) does with our JWKS: decode x,
    load the raw key, verify over ASCII(b64(header) '.' b64(payload))."""
    token = signing.sign(CLAIMS, pair.private_key, pair.kid)
    document = json.loads(json.dumps(signing.jwks([(pair.kid, pair.public_raw)])))
    jwk = document["keys"][0]
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["kid"]) == ("OKP", "Ed25519", "EdDSA",
                                                                pair.kid)
    assert "d" not in jwk
    public = Ed25519PublicKey.from_public_bytes(
        base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4)))
    h, p, s = token.split(".")
    public.verify(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), f"{h}.{p}".encode("ascii"))
    claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    assert claims["holder"] == "天津滨海测试制造有限公司"
    for claim in ("no", "body", "uscc", "holder", "scheme", "iat", "exp"):
        assert claim in claims
    with pytest.raises(InvalidSignature):
        public.verify(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), f"{h}.{p}x".encode())


def _flip(segment: str, position: int) -> str:
    ch = segment[position]
    return segment[:position] + ("A" if ch != "A" else "B") + segment[position + 1:]


@pytest.mark.parametrize("part", [1, 2])
def test_changing_one_character_fails(pair, part):
    token = signing.sign(CLAIMS, pair.private_key, pair.kid)
    parts = token.split(".")
    parts[part] = _flip(parts[part], 5)
    with pytest.raises(signing.InvalidToken) as caught:
        signing.verify(".".join(parts), _keys(pair))
    assert caught.value.code in {"bad_signature", "malformed"}


def test_key_from_elsewhere_with_our_kid_fails(pair):
    impostor = Ed25519PrivateKey.generate()
    token = signing.sign(CLAIMS, impostor, pair.kid)
    with pytest.raises(signing.InvalidToken, match="篡改或伪造") as caught:
        signing.verify(token, _keys(pair))
    assert caught.value.code == "bad_signature"


def test_unknown_kid(pair):
    other = signing.generate_key_pair()
    token = signing.sign(CLAIMS, other.private_key, other.kid)
    with pytest.raises(signing.InvalidToken) as caught:
        signing.verify(token, _keys(pair))
    assert caught.value.code == "unknown_key"


def _forge(header: dict, payload: dict, signature: bytes = b"x" * 64) -> str:
    enc = signing.b64url_encode
    return ".".join([enc(json.dumps(header).encode()), enc(json.dumps(payload).encode()),
                     enc(signature)])


@pytest.mark.parametrize("header", [
    {"alg": "none", "kid": "k"},
    {"alg": "HS256", "kid": "k"},
    {"alg": "EdDSA"},
    {"alg": "EdDSA", "kid": "k", "crit": ["exp"]},
])
def test_headers_we_refuse(pair, header):
    with pytest.raises(signing.InvalidToken):
        signing.verify(_forge(header, CLAIMS), {"k": pair.private_key.public_key()})


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "!!!.???.***",
                                   "eyJhbGciOiJFZERTQSJ9." * 300 + "x"])
def test_malformed_tokens(pair, token):
    with pytest.raises(signing.InvalidToken):
        signing.verify(token, _keys(pair))


def test_signed_payload_missing_claims_is_refused(pair):
    token = signing.sign({"no": "1"}, pair.private_key, pair.kid)
    with pytest.raises(signing.InvalidToken, match="lacks"):
        signing.verify(token, _keys(pair))


def test_signed_payload_with_bad_date_is_refused(pair):
    token = signing.sign({**CLAIMS, "exp": "2028/01/09"}, pair.private_key, pair.kid)
    with pytest.raises(signing.InvalidToken, match="YYYY-MM-DD"):
        signing.verify(token, _keys(pair))


def test_base64url_is_strict():
    assert signing.b64url_decode(signing.b64url_encode(b"\xff\xfe")) == b"\xff\xfe"
    for bad in ["ab=", "a+b/", "a", "", "//8"]:
        with pytest.raises(ValueError):
            signing.b64url_decode(bad)
    # "_w" and "_x" decode to the same byte; only the canonical one is accepted.
    assert signing.b64url_decode("_w") == b"\xff"
    with pytest.raises(ValueError):
        signing.b64url_decode("_x")


def test_key_id_is_stable_and_distinct(pair):
    assert signing.key_id(pair.public_raw) == pair.kid
    assert signing.generate_key_pair().kid != pair.kid


def test_load_jwks_skips_other_key_types_and_rejects_broken_ed25519():
    keys = signing.load_jwks({"keys": [{"kty": "RSA", "n": "x", "e": "AQAB", "kid": "r"},
                                       {"kty": "OKP", "crv": "Ed25519", "x": RFC_X, "kid": "e"}]})
    assert list(keys) == ["e"]
    for broken in [{}, {"keys": "no"}, {"keys": [1]},
                   {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "kid": "short"}]},
                   {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": RFC_X}]}]:
        with pytest.raises(ValueError):
            signing.load_jwks(broken)


def test_sealed_private_key_round_trip_and_fallback(pair):
    blob = signing.seal_private_key(pair.private_key, kid=pair.kid, secret="old-secret")
    assert signing.private_key_bytes(pair.private_key) not in blob.encode()
    unsealed = signing.unseal_private_key(blob, kid=pair.kid,
                                          secrets_to_try=["new-secret", "old-secret"])
    assert signing.private_key_bytes(unsealed) == signing.private_key_bytes(pair.private_key)
    with pytest.raises(ValueError, match="cannot be unsealed"):
        signing.unseal_private_key(blob, kid=pair.kid, secrets_to_try=["wrong"])
    # Bound to its kid: a sealed key copied onto another row does not open.
    with pytest.raises(ValueError):
        signing.unseal_private_key(blob, kid="another", secrets_to_try=["old-secret"])


def test_api_tokens_are_random_and_stored_as_digest():
    first, second = signing.random_token(), signing.random_token()
    assert first != second and first.startswith("qc_") and len(first) > 40
    assert signing.token_digest(first) != first and len(signing.token_digest(first)) == 64
