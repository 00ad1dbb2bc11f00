"""A fixed-window rate limiter on Django's cache, for the anonymous lookups.

Fixed windows let a client spend up to twice its limit across a window edge;
that is acceptable here (the point is to stop wholesale scraping, not to meter
fairly) and it costs two cache operations per request. With several gunicorn
workers the count must be shared: it lives in CACHES["shared"] (one SQLite
file for all workers by default, Redis with QC_REDIS_URL).

Limits are read from settings on every call, so tests and operators can change
them without a restart of the code path:

    QC_RATE_ANON_PER_MINUTE      anonymous lookups per client address (120)
    QC_RATE_USER_PER_MINUTE      logged-in users' lookups per account (600)
    QC_RATE_TOKEN_PER_MINUTE     default for a new API token (600)
    QC_RATE_REPORTS_PER_HOUR     forgery reports per client address (10)
    QC_RATE_SLIPS_PER_MINUTE     PDF slips per client address (10): each costs
                                 about a second of CPU, unlike a lookup
    QC_RATE_CLIENT_IP_HEADER     META key holding the client address behind a
                                 trusted proxy, e.g. "HTTP_X_REAL_IP" (unset:
                                 REMOTE_ADDR; X-Forwarded-For is never trusted
                                 by default because anyone can send it)

A limit of 0 switches that limiter off.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int


def _clock() -> float:
    return time.time()


def hit(bucket: str, limit: int, *, window: int = 60, cost: int = 1) -> Decision:
    """Count `cost` against `bucket` in the current window."""
    if limit <= 0:
        return Decision(True, 0, 0, 0)
    now = _clock()
    window_index = int(now // window)
    key = f"qc-rl:{bucket}:{window}:{window_index}"
    try:
        count = _count(key, cost, window)
    except Exception:
        # A shared cache (QC_REDIS_URL) that is down must not turn every public
        # lookup into a 500: let the request through unmetered, and say so.
        logger.exception("rate limiter: cache unavailable, %s not counted", bucket)
        return Decision(True, limit, limit, 0)
    retry_after = max(1, math.ceil((window_index + 1) * window - now))
    return Decision(count <= limit, limit, max(0, limit - count), retry_after)


def _count(key: str, cost: int, window: int) -> int:
    # One cache operation for all but the first request of a window: incr()
    # refuses a missing key, and add() is atomic, so two first requests cannot
    # both start the counter (the loser of add() increments instead).
    cache = caches["shared"]
    for _ in range(3):
        try:
            return int(cache.incr(key, cost))
        except ValueError:
            if cache.add(key, cost, timeout=window + 5):
                return cost
    # The key keeps vanishing between add and incr (a cache evicting under
    # pressure): count this request alone rather than loop.
    return cost


def client_address(request: HttpRequest) -> str:
    header = settings.QC_RATE_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        # A proxy chain appends; the left-most entry is the original client
        # only if the proxy overwrote the header, which QC_RATE_CLIENT_IP_HEADER
        # asserts.
        candidate = forwarded.split(",")[0].strip()
        if candidate:
            return candidate[:64]
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def anon_limit() -> int:
    return int(settings.QC_RATE_ANON_PER_MINUTE)


def user_limit() -> int:
    return int(settings.QC_RATE_USER_PER_MINUTE)


def default_token_limit() -> int:
    return int(settings.QC_RATE_TOKEN_PER_MINUTE)


def reports_limit() -> int:
    return int(settings.QC_RATE_REPORTS_PER_HOUR)


def slips_limit() -> int:
    return int(settings.QC_RATE_SLIPS_PER_MINUTE)


def check_request(request: HttpRequest, *, cost: int = 1) -> Decision:
    """The page and anonymous-API limiter: per account when logged in, else
    per client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return hit(f"user:{user.pk}", user_limit(), cost=cost)
    return hit(f"ip:{client_address(request)}", anon_limit(), cost=cost)


def too_many_requests_page(request: HttpRequest, decision: Decision) -> HttpResponse:
    response = render(request, "rate_limited.html",
                      {"retry_after": decision.retry_after}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for public pages: 429 with Retry-After once the window is spent."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        decision = check_request(request)
        if not decision.allowed:
            return too_many_requests_page(request, decision)
        return view(request, *args, **kwargs)

    return wrapper
