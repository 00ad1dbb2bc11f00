"""A WSGI callable that answers anonymous certificate lookups itself and
passes every other request to Django untouched.

The fast lane takes a request only when Django would certainly have routed
it to the ninja view `api-v1:certificate` and the middleware would have had
nothing to say but headers: a GET, resolved by Django's own URL resolver to
that view, with no `Authorization` header (tokens are looked up, counted and
stamped by the API's auth), no session cookie (a logged-in user is rate
limited per account), no query parameter but a single `body`, and
SecurityMiddleware and CommonMiddleware letting it through (no HTTPS redirect,
an allowed Host, an allowed User-Agent). Anything else goes to Django.

Around the lookup it does what Django's handler does: request_started and
request_finished (which is where persistent connections are checked and
recycled), LocaleMiddleware's request hook, Django's 500 handling, and the
middleware's response hooks in Django's order. For the common answer, a 200,
those hooks add headers that depend only on the status, the scheme and the
negotiated language, so the hooks run once per such combination and their
headers are replayed; every other answer (304, 404, 409, 429, 500) goes
through the hooks each time. This holds for the middleware list it was
written against, so `wrap` turns the fast lane off, with a warning, when
settings.MIDDLEWARE differs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings
from django.core import signals
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, get_resolver, reverse, set_script_prefix, set_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.log import log_response

from . import lookup

logger = logging.getLogger("qualitycert.hotpath")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

VIEW_NAME = "api-v1:certificate"

# The middleware the fast lane stands in for. Those not replayed in _finish
# do nothing for an anonymous GET to a JSON view: WhiteNoise serves only
# static paths, CSRF checks only unsafe methods, authentication is lazy,
# messages are never added; sessions only add `Vary: Cookie`.
EXPECTED_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def _never_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the fast lane calls middleware hooks, never the chain")


def _vary_on_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """SessionMiddleware's part: the rate limiter asks whether the caller is
    logged in, which reads the (empty) session, so the answer varies on Cookie."""
    patch_vary_headers(response, ("Cookie",))
    return response


class _Body(list[bytes]):
    """The response body; the server's close() ends the request for Django,
    as HttpResponse.close() does."""

    def close(self) -> None:
        signals.request_finished.send(sender=WSGIHandler)


class PublicLookupDispatcher:
    def __init__(self, django_app: WSGIApp) -> None:
        self.django_app = django_app
        self.prefix = reverse(VIEW_NAME, kwargs={"number": "X"}).removesuffix("X")
        self.security = SecurityMiddleware(_never_called)
        self.common = CommonMiddleware(_never_called)
        self.locale = LocaleMiddleware(_never_called)
        self.xframe = XFrameOptionsMiddleware(_never_called)
        # (secure, language) → what the middleware adds to a 200 from the view.
        self._added_to_200: dict[tuple[bool, str], list[tuple[str, str]]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        # The cheap tests first: most requests to the site leave here.
        if (environ.get("REQUEST_METHOD") != "GET"
                or not environ.get("PATH_INFO", "").startswith(self.prefix)
                or "HTTP_AUTHORIZATION" in environ):
            return self.django_app(environ, start_response)
        set_script_prefix(get_script_name(environ))
        request = WSGIRequest(environ)
        route = self._route(request)
        if route is None:
            return self.django_app(environ, start_response)
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        set_urlconf(settings.ROOT_URLCONF)
        self.locale.process_request(request)
        answer: lookup.Answer | HttpResponseBase
        try:
            answer = lookup.certificate_response(request, *route)
        except Exception as exc:  # Django's own 500 handling, as the handler would
            answer = response_for_exception(request, exc)
        if isinstance(answer, lookup.Answer):
            start_response("200 OK", [*answer.headers, *self._headers_for_200(request, answer)])
            return _Body([answer.body])
        response = self._finish(request, answer)
        if response.status_code >= 400:
            log_response("%s: %s", response.reason_phrase, request.path,
                         response=cast(HttpResponse, response), request=request)
        start_response(f"{response.status_code} {response.reason_phrase}", [
            *response.items(),
            *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())])
        # The server closes the response, which sends request_finished: that is
        # where Django returns or recycles the database connection (CONN_MAX_AGE).
        return response

    def _route(self, request: WSGIRequest) -> tuple[str, str | None] | None:
        """(number, body) when the fast lane may answer, else None."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        query = request.GET
        if any(key != "body" for key in query) or len(query.getlist("body")) > 1:
            return None
        try:
            match = get_resolver().resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name != VIEW_NAME:
            return None
        try:
            if (self.security.process_request(request) is not None
                    or self.common.process_request(request) is not None):
                return None
        except (SuspiciousOperation, PermissionDenied):
            # A disallowed Host or User-Agent: Django answers those (400/403).
            return None
        return match.kwargs["number"], query.get("body")

    def _finish(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """The response hooks Django would run, in its (reversed) order."""
        for hook in (self.xframe.process_response, self.common.process_response,
                     self.locale.process_response, _vary_on_cookie,
                     self.security.process_response):
            response = hook(request, cast(HttpResponse, response))
        return response

    def _headers_for_200(self, request: WSGIRequest, answer: lookup.Answer
                         ) -> list[tuple[str, str]]:
        key = (request.is_secure(), request.LANGUAGE_CODE)
        added = self._added_to_200.get(key)
        if added is None:
            # Run the real hooks on a stand-in with the view's headers and note
            # what they add. None of them looks at the body, except to count it.
            stand_in = HttpResponse()
            for name, value in answer.headers:
                stand_in[name] = value
            own = {name.lower() for name, _ in answer.headers}
            added = [(name, value) for name, value in self._finish(request, stand_in).items()
                     if name.lower() not in own]
            self._added_to_200[key] = added
        length = str(len(answer.body))
        return [(name, length if name == "Content-Length" else value) for name, value in added]


def wrap(django_app: WSGIApp) -> WSGIApp:
    """The fast lane in front of `django_app`, or `django_app` itself when the
    fast lane is switched off (QC_HOTPATH=0) or cannot vouch for its headers."""
    if not getattr(settings, "QC_HOTPATH", True):
        return django_app
    if tuple(settings.MIDDLEWARE) != EXPECTED_MIDDLEWARE:
        logger.warning("hot path off: settings.MIDDLEWARE is not the list "
                       "qualitycert.hotpath.dispatch replays; update EXPECTED_MIDDLEWARE "
                       "and _finish together")
        return django_app
    return PublicLookupDispatcher(django_app)
