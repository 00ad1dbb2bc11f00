"""Signed certificate tokens: JWS compact serialisation (RFC 7515) with EdDSA
over Ed25519 (RFC 8037), and the JWKS that publishes the public keys.

Pure functions over `cryptography`; no Django. The database side (which key is
current, where private keys live) is in `qualitycert.verification.signing_keys`.

Why hand-rolled rather than a JOSE library: the whole format is three base64url
segments and one Ed25519 signature, and `cryptography` is already a dependency.
What a JOSE library adds on top — algorithm negotiation, `none`, HMAC with a
public key — is exactly the attack surface we do not want, so verification here
accepts `alg: EdDSA` and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALG = "EdDSA"
CRV = "Ed25519"
# Payload members every certificate token of the first, long format must
# carry (dates are YYYY-MM-DD). Links printed since 2026 use the compact format
# below; the long one still verifies, because QR codes already on paper carry it.
REQUIRED_CLAIMS = ("no", "body", "uscc", "holder", "scheme", "iat", "exp")
# The compact format (issue 11): number, body, status and valid-until, one
# letter each, so that a link with its host fits in 300 characters and a QR
# code of version <= 12 at error correction M. The key id is in the protected
# header, where JWS puts it; the header drops `typ` to save space.
COMPACT_CLAIMS = ("n", "b", "s", "x")
# The certificate statuses as the API spells them, and their one-letter codes.
STATUS_CODES = {"valid": "v", "suspended": "s", "withdrawn": "w", "cancelled": "c",
                "expired": "e"}
STATUS_BY_CODE = {code: status for status, code in STATUS_CODES.items()}
# A token is a URL path segment and a QR code; anything longer is not ours.
MAX_TOKEN_LENGTH = 4096


@dataclass(frozen=True)
class InvalidToken(ValueError):
    """Why a token did not verify, in Chinese and English."""

    reason_zh: str
    reason_en: str
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.reason_zh}（{self.reason_en}）"


@dataclass(frozen=True)
class VerifiedToken:
    """A token whose signature checked out, in either format. Read the claims
    through the properties: they name the same facts in both formats."""

    kid: str
    header: dict[str, Any]
    payload: dict[str, Any]

    @property
    def compact(self) -> bool:
        return "n" in self.payload

    @property
    def number(self) -> str:
        return str(self.payload["n" if self.compact else "no"])

    @property
    def body(self) -> str:
        return str(self.payload["b" if self.compact else "body"])

    @property
    def expires_on(self) -> dt.date:
        return dt.date.fromisoformat(self.payload["x" if self.compact else "exp"])

    @property
    def status(self) -> str | None:
        """The recorded status on the day it was signed (compact tokens only)."""
        return STATUS_BY_CODE[self.payload["s"]] if self.compact else None

    @property
    def issued_on(self) -> dt.date | None:
        """The day it was signed (long tokens only)."""
        return None if self.compact else dt.date.fromisoformat(self.payload["iat"])

    @property
    def holder_uscc(self) -> str | None:
        return None if self.compact else str(self.payload["uscc"])

    def summary(self) -> dict[str, str]:
        """The claims under one set of names, whichever the format."""
        found = {"no": self.number, "body": self.body, "exp": self.expires_on.isoformat()}
        if self.compact:
            found["status"] = self.status or ""
        else:
            found.update({k: str(self.payload[k]) for k in ("uscc", "holder", "scheme", "iat")})
        return found


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    # RFC 7515 §2: no padding, URL-safe alphabet only; reject anything else so
    # two spellings of the same bytes cannot both verify.
    if not text or any(c not in _B64URL for c in text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url_encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _canonical_json(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=_json_default).encode("utf-8")


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --- keys -----------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    kid: str
    private_key: Ed25519PrivateKey
    public_raw: bytes = field(repr=False)


def generate_key_pair(kid: str | None = None) -> KeyPair:
    private_key = Ed25519PrivateKey.generate()
    public_raw = public_key_bytes(private_key.public_key())
    return KeyPair(kid or key_id(public_raw), private_key, public_raw)


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_key_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(serialization.Encoding.Raw,
                                     serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())


def key_id(public_raw: bytes) -> str:
    """A short, stable kid: date-free so that it says nothing but which key.
    Derived from the key (RFC 7638-style thumbprint, truncated) so that a kid
    can never silently point at two different keys."""
    thumbprint_input = _canonical_json({"crv": CRV, "kty": "OKP", "x": b64url_encode(public_raw)})
    return b64url_encode(hashlib.sha256(thumbprint_input).digest())[:16]


def jwk(kid: str, public_raw: bytes) -> dict[str, str]:
    return {"kty": "OKP", "crv": CRV, "x": b64url_encode(public_raw), "kid": kid,
            "use": "sig", "alg": ALG}


def jwks(keys: Iterable[tuple[str, bytes]]) -> dict[str, list[dict[str, str]]]:
    return {"keys": [jwk(kid, raw) for kid, raw in keys]}


def load_jwks(document: object) -> dict[str, Ed25519PublicKey]:
    """kid → public key from a JWKS document. Keys of other types are skipped
    (a JWKS may legitimately hold them); a malformed Ed25519 key is an error."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS: expected an object with a 'keys' list")
    found: dict[str, Ed25519PublicKey] = {}
    for entry in document["keys"]:
        if not isinstance(entry, Mapping):
            raise ValueError("not a JWKS: a key entry is not an object")
        if entry.get("kty") != "OKP" or entry.get("crv") != CRV:
            continue
        kid, x = entry.get("kid"), entry.get("x")
        if not isinstance(kid, str) or not kid or not isinstance(x, str):
            raise ValueError("an Ed25519 key lacks 'kid' or 'x'")
        try:
            raw = b64url_decode(x)
        except (ValueError, binascii.Error) as exc:
            raise ValueError(f"key {kid}: 'x' is not base64url") from exc
        if len(raw) != 32:
            raise ValueError(f"key {kid}: an Ed25519 public key is 32 bytes, got {len(raw)}")
        found[kid] = Ed25519PublicKey.from_public_bytes(raw)
    return found


# --- signing and verifying -------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _header_segment(kid: str, compact: bool) -> str:
    header = {"alg": ALG, "kid": kid} if compact else {"alg": ALG, "kid": kid, "typ": "JOSE"}
    return b64url_encode(_canonical_json(header))


def signing_input(payload: Mapping[str, Any], kid: str) -> str:
    """The first two segments of the token, the part the signature covers. A
    compact payload gets the compact header."""
    compact = "n" in payload
    return _header_segment(kid, compact) + "." + b64url_encode(_canonical_json(payload))


def signature_over(signing_input: str, key: Ed25519PrivateKey) -> str:
    """The third segment: Ed25519 is deterministic, so the same input and key
    always give the same signature."""
    return b64url_encode(key.sign(signing_input.encode("ascii")))


def input_digest(signing_input: str) -> str:
    """A short fingerprint of a signing input, to tell whether a signature
    stored earlier still covers the claims as they are now."""
    return hashlib.sha256(signing_input.encode("ascii")).hexdigest()[:32]


def sign(payload: Mapping[str, Any], key: Ed25519PrivateKey, kid: str) -> str:
    head = signing_input(payload, kid)
    return head + "." + signature_over(head, key)


def _bad(zh: str, en: str, code: str = "malformed") -> InvalidToken:
    return InvalidToken(zh, en, code)


def _decode_json_segment(segment: str, what_zh: str, what_en: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(segment).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise _bad(f"{what_zh}无法解码", f"the {what_en} cannot be decoded") from exc
    if not isinstance(value, dict):
        raise _bad(f"{what_zh}不是JSON对象", f"the {what_en} is not a JSON object")
    return value


def verify(token: str, keys: Mapping[str, Ed25519PublicKey]) -> VerifiedToken:
    """Check the signature and the shape of a certificate token. Raises
    InvalidToken with the reason; says nothing about the certificate's live
    status, which only the registry knows."""
    token = (token or "").strip()
    if len(token) > MAX_TOKEN_LENGTH:
        raise _bad("令牌过长", "the token is too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise _bad("不是有效的签名令牌格式", "not a JWS compact serialisation (three parts)")
    header = _decode_json_segment(parts[0], "令牌头", "header")
    if header.get("alg") != ALG:
        raise _bad("签名算法不受支持", f"unsupported algorithm {header.get('alg')!r}", "algorithm")
    if "crit" in header:
        # RFC 7515 §4.1.11: we understand no extensions, so must reject.
        raise _bad("令牌包含不支持的扩展", "the token uses extensions we do not support")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _bad("令牌未注明签名密钥", "the token names no key (kid)")
    public_key = keys.get(kid)
    if public_key is None:
        raise InvalidToken("签名密钥不属于本系统公布的密钥", f"unknown signing key {kid!r}",
                           "unknown_key")
    try:
        signature = b64url_decode(parts[2])
    except (ValueError, binascii.Error) as exc:
        raise _bad("签名无法解码", "the signature cannot be decoded") from exc
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, UnicodeEncodeError) as exc:
        raise InvalidToken("签名验证失败：内容被篡改或伪造",
                           "bad signature: the content was altered or forged",
                           "bad_signature") from exc
    payload = _decode_json_segment(parts[1], "令牌内容", "payload")
    compact = "n" in payload
    required, dates = (COMPACT_CLAIMS, ("x",)) if compact else (REQUIRED_CLAIMS, ("iat", "exp"))
    missing = [claim for claim in required if not isinstance(payload.get(claim), str)]
    if missing:
        raise _bad("令牌缺少必要字段", f"the payload lacks {', '.join(missing)}")
    for claim in dates:
        try:
            dt.date.fromisoformat(payload[claim])
        except ValueError as exc:
            raise _bad("令牌日期格式错误", f"{claim} is not a YYYY-MM-DD date") from exc
    if compact and payload["s"] not in STATUS_BY_CODE:
        raise _bad("令牌中的证书状态无法识别", f"unknown status code {payload['s']!r}")
    return VerifiedToken(kid=kid, header=header, payload=payload)


def certificate_claims(*, number: str, body: str, uscc: str, holder: str, scheme: str,
                       issued_at: dt.date, expires_on: dt.date) -> dict[str, str]:
    return {"no": number, "body": body, "uscc": uscc, "holder": holder, "scheme": scheme,
            "iat": issued_at.isoformat(), "exp": expires_on.isoformat()}


def compact_certificate_claims(*, number: str, body: str, status: str,
                               expires_on: dt.date) -> dict[str, str]:
    """The compact token's payload: what a person holding the paper needs to
    tell it is the certificate in front of them; the rest is on the landing page."""
    return {"n": number, "b": body, "s": STATUS_CODES[status], "x": expires_on.isoformat()}


# --- private keys at rest --------------------------------------------------------
# Sealed with AES-256-GCM under a key derived from a server secret, so a copy
# of the database alone does not give away the signing key.

_SEAL_VERSION = "v1"


def _seal_key(secret: str, kid: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"qualitycert signing key seal {_SEAL_VERSION} {kid}".encode()
                ).derive(secret.encode("utf-8"))


def seal_private_key(private_key: Ed25519PrivateKey, *, kid: str, secret: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_seal_key(secret, kid)).encrypt(nonce, private_key_bytes(private_key),
                                                      kid.encode())
    return f"{_SEAL_VERSION}.{b64url_encode(nonce)}.{b64url_encode(sealed)}"


def unseal_private_key(blob: str, *, kid: str, secrets_to_try: Iterable[str]
                       ) -> Ed25519PrivateKey:
    """Try each secret in turn (the current one, then fallbacks after a rotation)."""
    version, nonce_text, sealed_text = blob.split(".")
    if version != _SEAL_VERSION:
        raise ValueError(f"unknown sealed-key format {version!r}")
    nonce, sealed = b64url_decode(nonce_text), b64url_decode(sealed_text)
    for secret in secrets_to_try:
        try:
            raw = AESGCM(_seal_key(secret, kid)).decrypt(nonce, sealed, kid.encode())
        except InvalidTag:
            continue
        return Ed25519PrivateKey.from_private_bytes(raw)
    raise ValueError(f"signing key {kid} cannot be unsealed with the configured secrets "
                     "(was QC_SECRET_KEY changed without SECRET_KEY_FALLBACKS?)")


def random_token(prefix: str = "qc_") -> str:
    """An API bearer token: 256 bits of randomness, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Bearer tokens are stored only as this digest. The tokens are random and
    long, so a fast hash is enough: there is nothing to brute-force."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
