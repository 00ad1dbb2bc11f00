"""Webhook delivery: what is POSTed, how it is signed, where it may go, and
the retry schedule.

A receiver checks a delivery like this (Python)::

    expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    hmac.compare_digest(expected, request.headers["X-Qualitycert-Signature"])

and drops a delivery whose `X-Qualitycert-Delivery` id (also in the signed
body as `delivery_id`) it has already processed: a delivery is retried until
it is answered with a 2xx, so a receiver that processed it but timed out
answering will see it again. `X-Qualitycert-Timestamp` is the attempt's Unix
time; it is informational (the signature covers the body only, which already
names the change and the delivery).

Who sends: `qualitycert deliver-webhooks` (every minute from cron or a
systemd timer; `--once` is one pass) and, promptly after a change commits, a
background thread started by notify.py. Both claim a delivery with a
conditional UPDATE before posting, so the two never post the same attempt.

Where to: http and https only, no redirects followed, no credentials in the
URL. Unless QC_WEBHOOK_ALLOW_PRIVATE is true (the default outside
production), a URL whose host is or resolves to a loopback, private,
link-local or otherwise non-global address is refused, checked when the URL
is saved and again, after resolving, before every attempt. (A DNS answer that
changes between that check and urllib's own lookup is not caught; an egress
firewall is the complete defence.) QC_WEBHOOK_PROXY routes the POSTs through
an HTTP proxy; by default they go direct and environment proxies are ignored.

Retries: a non-2xx answer, a timeout (QC_WEBHOOK_TIMEOUT_SECONDS, 5) or a
refused connection is retried after QC_WEBHOOK_BACKOFF_SECONDS (60) × 2^(n−1),
at most QC_WEBHOOK_BACKOFF_MAX_SECONDS (6 h) apart; after
QC_WEBHOOK_MAX_ATTEMPTS (8) attempts the delivery is marked failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qualitycert.lib import signing
from qualitycert.lib.i18n import pick
from qualitycert.registry.models import Certificate, CertificateEvent
from qualitycert.verification import keyring
from qualitycert.verification.queries import live_status, today

from .models import Delivery, DeliveryAttempt, DeliveryStatus, Watch

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Qualitycert-Signature"
TIMESTAMP_HEADER = "X-Qualitycert-Timestamp"
DELIVERY_HEADER = "X-Qualitycert-Delivery"
EVENT_HEADER = "X-Qualitycert-Event"
ATTEMPT_HEADER = "X-Qualitycert-Attempt"
EVENT_NAME = "certificate.status_changed"
MAX_URL_LENGTH = 500
RESPONSE_READ_BYTES = 2048


def timeout() -> float:
    return float(settings.QC_WEBHOOK_TIMEOUT_SECONDS)


def max_attempts() -> int:
    return max(1, int(settings.QC_WEBHOOK_MAX_ATTEMPTS))


def retry_delay(attempts_made: int) -> dt.timedelta:
    base = int(settings.QC_WEBHOOK_BACKOFF_SECONDS)
    cap = int(settings.QC_WEBHOOK_BACKOFF_MAX_SECONDS)
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts_made - 1)))


def allow_private() -> bool:
    return bool(settings.QC_WEBHOOK_ALLOW_PRIVATE)


# --- the secret ---------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _seal_key(secret: str) -> bytes:
    return hashlib.sha256(b"qualitycert webhook secret\x00" + secret.encode()).digest()


def seal_secret(plaintext: str, *, owner_id: int) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_seal_key(keyring.seal_secrets()[0])).encrypt(
        nonce, plaintext.encode(), f"webhook:{owner_id}".encode())
    return f"v1.{signing.b64url_encode(nonce)}.{signing.b64url_encode(sealed)}"


def unseal_secret(blob: str, *, owner_id: int) -> str:
    _version, nonce, sealed = blob.split(".")
    for secret in keyring.seal_secrets():
        try:
            return AESGCM(_seal_key(secret)).decrypt(
                signing.b64url_decode(nonce), signing.b64url_decode(sealed),
                f"webhook:{owner_id}".encode()).decode()
        except Exception:  # noqa: S112 # nosec B112 # the next configured secret may open it
            continue
    raise ValueError("webhook secret cannot be unsealed (was QC_SECRET_KEY changed?)")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- the URL ------------------------------------------------------------------------------


class UnsafeUrl(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.zh, self.en = zh, en

    def __str__(self) -> str:
        return pick(self.zh, self.en)


def _refuse_address(address: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        raise UnsafeUrl("回调地址指向内网或本机地址，不允许",
                        f"the webhook address {address} is private, loopback or reserved")


def check_url(url: str, *, resolve: bool) -> str:
    """The URL, stripped, if it may receive webhooks; else UnsafeUrl saying why.
    `resolve` also looks the host up (done before each attempt, not on save)."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"回调地址过长（最多 {MAX_URL_LENGTH} 字符）",
                        f"the URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl("回调地址格式有误", f"the URL is malformed ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("回调地址必须以 http:// 或 https:// 开头",
                        "the URL must start with http:// or https://")
    host = parts.hostname or ""
    if not host:
        raise UnsafeUrl("回调地址缺少主机名", "the URL has no host")
    if parts.username or parts.password:
        raise UnsafeUrl("回调地址不能包含用户名或密码，请使用签名密钥验证",
                        "the URL may not carry credentials; check the signature instead")
    if allow_private():
        return url
    if host == "localhost" or host.endswith(".localhost"):
        _refuse_address("127.0.0.1")
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        literal = False
    else:
        literal = True
        _refuse_address(host)
    if resolve and not literal:
        try:
            infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except OSError as exc:
            raise UnsafeUrl("回调地址的主机名无法解析", f"the host {host} does not resolve ({exc})"
                            ) from exc
        for info in infos:
            _refuse_address(str(info[4][0]))
    return url


# --- what is sent -------------------------------------------------------------------------


def build_body(*, delivery_id: str, watch: Watch, event: CertificateEvent,
               certificate: Certificate) -> str:
    base = settings.PUBLIC_BASE_URL
    page = reverse("verification:certificate",
                   args=[certificate.body.approval_number, certificate.number])
    payload: dict[str, Any] = {
        "delivery_id": delivery_id,
        "event": EVENT_NAME,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "watch": {"id": watch.pk, "target": watch.target.value},
        "change": {
            "kind": event.kind, "from_status": event.from_status or None,
            "to_status": event.to_status, "occurred_on": event.occurred_on.isoformat(),
            "reason": event.reason,
            # The standard ground (registry/models/reasons.py), null for free text.
            "reason_code": event.reason_code or None,
        },
        "certificate": {
            "number": certificate.number,
            "status": live_status(certificate.status, certificate.expires_on, today()),
            "body": {"approval_number": certificate.body.approval_number,
                     "name": certificate.body.name},
            "holder": {"uscc": certificate.holder.uscc, "name": certificate.holder.name},
            "scheme": {"code": certificate.scheme.code, "category": certificate.scheme.category},
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat(),
            "url": base + page,
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class PostOutcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could lead past the address check; it counts as a failure.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    proxy = settings.QC_WEBHOOK_PROXY or ""
    proxies = {"http": proxy, "https": proxy} if proxy else {}
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies), _NoRedirect())


def post(url: str, body: bytes, headers: dict[str, str]) -> PostOutcome:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 - scheme checked by check_url
    started = time.monotonic()
    code: int | None = None
    error = ""
    try:
        with _opener().open(request, timeout=timeout()) as response:
            response.read(RESPONSE_READ_BYTES)
            code = int(response.status)
    except urllib.error.HTTPError as exc:
        code = int(exc.code)
        error = f"HTTP {exc.code} {exc.reason}"[:300]
        exc.close()
    except urllib.error.URLError as exc:
        error = f"{type(exc.reason).__name__}: {exc.reason}"[:300]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    elapsed = int((time.monotonic() - started) * 1000)
    if code is not None and not 200 <= code < 300 and not error:
        error = f"HTTP {code}"
    return PostOutcome(code, error, elapsed)


# --- the delivery loop --------------------------------------------------------------------


@dataclass
class DeliveryRun:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"delivered {self.delivered}, retrying {self.retrying}, failed {self.failed}, "
                f"no webhook {self.skipped}")


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500,
                ids: list[int] | None = None) -> DeliveryRun:
    """One pass: every pending delivery whose time has come (or those of
    `ids` that are due), oldest first."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    run = DeliveryRun()
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
        try:
            outcome = attempt(pk, now=now)
        except Exception:
            # One broken row must not stop the pass; its lease runs out and
            # the next pass tries it again.
            logger.exception("webhook delivery %s raised", pk)
            continue
        if outcome is None:
            continue
        run.ids.append(pk)
        if outcome == DeliveryStatus.DELIVERED:
            run.delivered += 1
        elif outcome == DeliveryStatus.FAILED:
            run.failed += 1
        elif outcome == DeliveryStatus.NO_WEBHOOK:
            run.skipped += 1
        else:
            run.retrying += 1
    return run


def _claim(pk: int, now: dt.datetime) -> bool:
    # Whoever moves next_attempt_at forward owns this attempt; a sender that
    # dies mid-attempt leaves the lease to run out and the delivery is retried.
    lease = dt.timedelta(seconds=timeout() * 2 + 30)
    return Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING,
                                   next_attempt_at__lte=now).update(
        next_attempt_at=now + lease) == 1


def attempt(pk: int, *, now: dt.datetime) -> str | None:
    """Claim, POST and record one delivery; returns its new status, or None
    if another sender had it."""
    if not _claim(pk, now):
        return None
    delivery = Delivery.objects.select_related("owner").get(pk=pk)
    endpoint = getattr(delivery.owner, "webhook_endpoint", None)
    if endpoint is None or not endpoint.url or not endpoint.sealed_secret:
        return _finish(pk, None, now)
    if not delivery.owner.is_active:
        return _finish(pk, PostOutcome(None, "账户已停用", 0), now,
                       give_up=True)
    try:
        url = check_url(endpoint.url, resolve=True)
    except UnsafeUrl as exc:
        return _finish(pk, PostOutcome(None, str(exc)[:300], 0), now)
    body = delivery.body.encode()
    try:
        secret = unseal_secret(endpoint.sealed_secret, owner_id=delivery.owner_id)
    except ValueError:
        return _finish(pk, PostOutcome(None, "签名密钥无法解密，请重新生成", 0), now)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "qualitycert-webhooks/1",
        EVENT_HEADER: EVENT_NAME,
        DELIVERY_HEADER: str(delivery.delivery_id),
        TIMESTAMP_HEADER: str(int(now.timestamp())),
        ATTEMPT_HEADER: str(delivery.attempts + 1),
        SIGNATURE_HEADER: signature(secret, body),
    }
    return _finish(pk, post(url, body, headers), now)


def _finish(pk: int, outcome: PostOutcome | None, now: dt.datetime, *,
            give_up: bool = False) -> str:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=pk)
        if outcome is None:
            delivery.skip_without_webhook()
        elif outcome.ok:
            delivery.record_success(at=now, status_code=outcome.status_code or 200)
        else:
            delivery.record_failure(at=now, status_code=outcome.status_code, error=outcome.error,
                                    max_attempts=1 if give_up else max_attempts(),
                                    retry_in=retry_delay(delivery.attempts + 1))
        delivery.save()
        if outcome is not None:
            DeliveryAttempt.objects.create(
                delivery=delivery, number=delivery.attempts, at=now,
                status_code=outcome.status_code, error=outcome.error[:300],
                duration_ms=outcome.duration_ms)
    if delivery.status == DeliveryStatus.FAILED:
        logger.warning("webhook delivery %s failed after %s attempts: %s",
                       delivery.delivery_id, delivery.attempts, delivery.last_error)
    return str(delivery.status)
