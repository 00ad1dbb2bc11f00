"""Login lockout (等保 level 3: 登录失败处理): five failed logins for one
account lock that account for fifteen minutes, from every address; and
QC_LOCKOUT_ADDRESS_FAILURES failures from one address, whichever accounts
they name, lock that address (password spraying). The security
administrator can lift an account's lock early (actions.unlock_account).

A lock per account lets a stranger who knows a clerk's username lock the
clerk out; level 3 asks for it all the same, and the unlock action and the
security log (every failure, with its address) are the answer to that.

Failures are counted from Django's `user_login_failed` signal, so every
login path feeds the same counter; `LockoutModelBackend` refuses a locked
account or address before the password is checked.

The counts live in the shared cache (settings.CACHES["shared"]): one SQLite
file for all of `make run`'s workers, or Redis. When that store cannot be
reached, `CounterStoreUnavailable` is raised and staff login answers 503
(middleware.counter_store_guard) rather than letting passwords be guessed
uncounted.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60

LOCKED_MESSAGE = _("登录失败次数过多，该账号已被锁定15分钟。请稍后再试，或请安全管理员解除锁定。")


class CounterStoreUnavailable(RuntimeError):
    """The shared counter store (SQLite file or Redis) did not answer."""


def counters() -> Any:
    return caches["shared"]


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


def _key(kind: str, scope: str, value: str) -> str:
    # Usernames may hold characters memcached refuses in keys; hash them.
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()
    return f"qc-login:{kind}:{scope}:{digest}"


def _address_limit() -> int:
    return int(settings.QC_LOCKOUT_ADDRESS_FAILURES)


def _store_call(what: str, call: Any) -> Any:
    try:
        return call()
    except Exception as exc:
        logger.exception("login lockout: shared counter store unavailable (%s)", what)
        raise CounterStoreUnavailable(str(exc)) from exc


def is_locked(username: str, address: str) -> bool:
    keys = [_key("lock", "account", username)]
    if _address_limit() > 0:
        keys.append(_key("lock", "address", address))
    return bool(_store_call("is_locked", lambda: counters().get_many(keys)))


def is_account_locked(username: str) -> bool:
    return bool(_store_call("is_locked", lambda: counters().get(
        _key("lock", "account", username))))


def _count(scope: str, value: str, limit: int) -> bool:
    """Count one failure for `scope`; True if it reached the limit (now locked)."""
    store = counters()
    failures = _key("fail", scope, value)
    store.add(failures, 0, timeout=LOCK_SECONDS)
    try:
        count = store.incr(failures)
    except ValueError:  # expired between add and incr
        store.set(failures, 1, timeout=LOCK_SECONDS)
        count = 1
    if count >= limit:
        store.set(_key("lock", scope, value), 1, timeout=LOCK_SECONDS)
        store.delete(failures)
        return True
    return False


def register_failure(username: str, address: str) -> bool:
    """Count one failure; return True if this failure locked the account or
    the address. A locked account's attempts do not extend its lock: it ends
    15 minutes after it began, as the message promises."""
    def count() -> bool:
        locked = False
        if username and not counters().get(_key("lock", "account", username)):
            locked |= _count("account", username, MAX_FAILURES)
        limit = _address_limit()
        if limit > 0 and not counters().get(_key("lock", "address", address)):
            locked |= _count("address", address, limit)
        return locked

    return bool(_store_call("register_failure", count))


def clear(username: str) -> None:
    """A successful login forgets the account's failures (never its lock)."""
    try:
        counters().delete(_key("fail", "account", username))
    except Exception:
        logger.exception("login lockout: could not clear the failures of a login")


def unlock_account(username: str) -> None:
    _store_call("unlock", lambda: counters().delete_many(
        [_key("fail", "account", username), _key("lock", "account", username)]))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")
    address = client_address(request)
    if register_failure(username, address):
        from . import securitylog

        securitylog.record(request, securitylog.Event.LOCKED, username=username,
                           account_locked=is_account_locked(username) if username else False)


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    clear(user.get_username())
