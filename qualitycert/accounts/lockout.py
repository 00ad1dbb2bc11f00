"""Login lockout: five failed logins for one username from one address lock
that pair for fifteen minutes.

Keyed on username *and* address so that someone guessing a clerk's password
cannot lock the clerk out from the office. Failures are counted from Django's
`user_login_failed` signal, so every login path (the site, the back office,
any future API login) feeds the same counter; `LockoutModelBackend` refuses a
locked pair before the password is checked, and the login forms only word that
refusal for the user.

The counter lives in Django's cache. The default locmem cache counts per
process, so with several gunicorn workers the cache must be shared (database
cache, Redis or Memcached) for the limit to be exact.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60

LOCKED_MESSAGE = _("登录失败次数过多，该账号在此地址已被锁定15分钟，请稍后再试。")


def client_address(request: HttpRequest | None) -> str:
    """REMOTE_ADDR, or the header a trusted proxy sets (the same
    QC_RATE_CLIENT_IP_HEADER setting the public rate limiter reads).
    X-Forwarded-For is not trusted by default: anyone can send it."""
    if request is None:
        return "unknown"
    header = settings.QC_RATE_CLIENT_IP_HEADER
    if header:
        forwarded = str(request.META.get(header) or "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _key(kind: str, username: str, address: str) -> str:
    # Usernames may hold characters memcached refuses in keys; hash them.
    who = f"{username.strip().casefold()}\x00{address}".encode()
    return f"qc-login:{kind}:{hashlib.sha256(who).hexdigest()}"


def is_locked(username: str, address: str) -> bool:
    return bool(cache.get(_key("lock", username, address)))


def register_failure(username: str, address: str) -> bool:
    """Count one failure; return True if the pair is (now) locked."""
    if is_locked(username, address):
        # A locked pair's attempts do not extend the lock: it ends 15 minutes
        # after it began, as the message promises.
        return True
    failures = _key("fail", username, address)
    cache.add(failures, 0, timeout=LOCK_SECONDS)
    try:
        count = cache.incr(failures)
    except ValueError:  # evicted between add and incr
        cache.set(failures, 1, timeout=LOCK_SECONDS)
        count = 1
    if count >= MAX_FAILURES:
        cache.set(_key("lock", username, address), 1, timeout=LOCK_SECONDS)
        cache.delete(failures)
        return True
    return False


def clear(username: str, address: str) -> None:
    cache.delete_many([_key("fail", username, address), _key("lock", username, address)])


def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")
    if username:
        register_failure(username, client_address(request))


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    clear(user.get_username(), client_address(request))
