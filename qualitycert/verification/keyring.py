"""The signing keys as the running process sees them.

Loading a key means a query and an AES-GCM unseal; signing with it costs ~50 µs.
So each process keeps the current key object and the public keys in memory and
re-reads them after QC_SIGNING_KEY_CACHE_SECONDS (default 60), which is how a
rotation done by `qualitycert rotate-signing-key` in another process reaches
every worker within a minute.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from qualitycert.lib import signing

from .models import KeyPurpose, SigningKey


@dataclass(frozen=True)
class Signer:
    kid: str
    private_key: Ed25519PrivateKey

    def sign(self, payload: dict[str, str]) -> str:
        return signing.sign(payload, self.private_key, self.kid)


_lock = threading.Lock()
_signer: tuple[float, Signer] | None = None
_public: tuple[float, dict[str, Ed25519PublicKey]] | None = None


def _ttl() -> float:
    return float(settings.QC_SIGNING_KEY_CACHE_SECONDS)


def seal_secrets() -> list[str]:
    primary = settings.QC_SIGNING_KEY_SECRET or settings.SECRET_KEY
    return [primary, *settings.SECRET_KEY_FALLBACKS]


def current_signer() -> Signer:
    global _signer
    cached = _signer
    if cached is not None and time.monotonic() - cached[0] < _ttl():
        return cached[1]
    from .actions import ensure_signing_key

    row = ensure_signing_key()
    signer = Signer(row.kid, signing.unseal_private_key(
        row.sealed_private_key, kid=row.kid, secrets_to_try=seal_secrets()))
    with _lock:
        _signer = (time.monotonic(), signer)
    return signer


def public_keys(*, refresh: bool = False) -> dict[str, Ed25519PublicKey]:
    """Every published key, current and retired, by kid."""
    global _public
    cached = _public
    if not refresh and cached is not None and time.monotonic() - cached[0] < _ttl():
        return cached[1]
    keys = {kid: Ed25519PublicKey.from_public_bytes(signing.b64url_decode(x))
            for kid, x in SigningKey.objects.filter(purpose=KeyPurpose.TOKEN)
            .values_list("kid", "public_key")}
    with _lock:
        _public = (time.monotonic(), keys)
    return keys


def verify(token: str) -> signing.VerifiedToken:
    """Verify against the published keys; a kid we have not seen yet may be a
    key rotated in by another process since our cache was filled."""
    try:
        return signing.verify(token, public_keys())
    except signing.InvalidToken as exc:
        if exc.code != "unknown_key":
            raise
    return signing.verify(token, public_keys(refresh=True))


def checkpoint_signer() -> Signer:
    """The key that signs the transparency log's checkpoints (created on first
    use). Not cached: a checkpoint is signed once a day."""
    from .actions import ensure_signing_key

    row = ensure_signing_key(KeyPurpose.CHECKPOINT)
    return Signer(row.kid, signing.unseal_private_key(
        row.sealed_private_key, kid=row.kid, secrets_to_try=seal_secrets()))


def checkpoint_public_keys() -> dict[str, bytes]:
    """Every checkpoint key, current and retired, as raw public keys by kid."""
    return {kid: signing.b64url_decode(x) for kid, x in SigningKey.objects.filter(
        purpose=KeyPurpose.CHECKPOINT).values_list("kid", "public_key")}


def published_jwks() -> dict[str, list[dict[str, str]]]:
    from .actions import ensure_signing_key

    ensure_signing_key()
    rows = SigningKey.objects.order_by("-is_current", "-created_at", "-id").values_list(
        "kid", "public_key")
    return signing.jwks((kid, signing.b64url_decode(x)) for kid, x in rows)


def reset() -> None:
    """Forget the cached keys (after a rotation in this process, and in tests,
    whose database rolls back underneath the cache)."""
    global _signer, _public
    with _lock:
        _signer = None
        _public = None
