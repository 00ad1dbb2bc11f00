"""Session guards and headers that hold whichever view a request reaches.

`SessionLifetimeMiddleware`: a signed-in session ends after
QC_SESSION_IDLE_MINUTES without a request and QC_SESSION_MAX_HOURS after its
login, checked on the server (a cookie's expiry is the browser's to keep).

`SecondFactorMiddleware`: a staff session that has passed the password but
not the second factor (django-otp's `user.is_verified()`) reaches only the
second-factor pages and logout; every other page sends it there, and the API
answers 401. Enforcing it here rather than in the login views means a new
login path cannot forget it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from . import securitylog
from .roles import needs_second_factor

Handler = Callable[[HttpRequest], HttpResponse]
# Session keys: when the login happened and when the session was last used.
STARTED = "qc_session_started"
SEEN = "qc_session_seen"
# Write the last-seen time at most this often, not on every request.
SEEN_GRANULARITY = 60


def _clock() -> float:
    return time.time()


def mark_login(request: HttpRequest) -> None:
    now = int(_clock())
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                user = request.user
                logout(request)
                securitylog.record(request, securitylog.Event.SESSION_EXPIRED, user=user,
                                   reason=expired)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "session expired"}, status=401)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        now = int(_clock())
        session = request.session
        started, seen = session.get(STARTED), session.get(SEEN)
        if not isinstance(started, int) or not isinstance(seen, int):
            # A session from before this middleware (or a test's force_login).
            session[STARTED] = session[SEEN] = now
            return ""
        if now - seen > settings.QC_SESSION_IDLE_MINUTES * 60:
            return "idle"
        if now - started > settings.QC_SESSION_MAX_HOURS * 3600:
            return "lifetime"
        if now - seen >= SEEN_GRANULARITY:
            session[SEEN] = now
        return ""


def permissions_policy(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.QC_PERMISSIONS_POLICY)
        return response

    return middleware

# Paths a half-signed-in session may reach: the second factor itself, the way
# out, and what those pages load.
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/admin/logout/", "/static/",
                 "/i18n/", "/healthz", "/favicon.ico")


def _verified(user: object) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class SecondFactorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (needs_second_factor(user) and not _verified(user)
                and not request.path.startswith(OPEN_PREFIXES)):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "second factor required"}, status=401)
            target = reverse("second_factor") + "?next=" + quote(request.get_full_path())
            return HttpResponseRedirect(target)
        return self.get_response(request)


def counter_store_guard(get_response: Handler) -> Handler:
    """A login while the shared counter store is down cannot be counted, so
    it is refused with a 503 page that says so (never a 500); pages that do
    not log anyone in do not touch the store's lockout and go on working."""
    from django.shortcuts import render

    from .lockout import CounterStoreUnavailable

    class Guard:
        def __call__(self, request: HttpRequest) -> HttpResponse:
            return get_response(request)

        def process_exception(self, request: HttpRequest, exception: Exception
                              ) -> HttpResponse | None:
            if not isinstance(exception, CounterStoreUnavailable):
                return None
            securitylog.record(request, securitylog.Event.STORE_UNAVAILABLE,
                               path=request.path[:200])
            response = render(request, "login_unavailable.html", status=503)
            response["Retry-After"] = "60"
            return response

    return Guard()
