"""A WSGI callable that answers anonymous certificate lookups itself and
passes every other request to Django untouched.

The fast lane takes a request only when Django would certainly have routed
it to the ninja view `api-v1:certificate` and the middleware would have had
nothing to say but headers: a GET for that view (at start-up
`catch_all_prefix` shows from the URLconf that every path under the view's
prefix is routed there, so requests need only a prefix test; where it cannot
show that, each request goes through Django's resolver), with no `Authorization` header (tokens are looked up, counted and
stamped by the API's auth), no session cookie (a logged-in user is rate
limited per account), no query parameter but a single `body`, and
SecurityMiddleware and CommonMiddleware letting it through (no HTTPS redirect,
an allowed Host, an allowed User-Agent; unless those settings are on, only the
Host check is left of their request hooks). Anything else goes to Django.

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
import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import (
    Resolver404,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
    set_urlconf,
)
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.log import log_response

from . import lookup
from .cycle import RequestCycle

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

    def __init__(self, content: bytes, cycle: RequestCycle) -> None:
        super().__init__((content,))
        self.cycle = cycle

    def close(self) -> None:
        self.cycle.finished()



_REGEX_SPECIAL = set(".^$*+?{}[]\\|()")


def _regex_literal(regex: str) -> str:
    """The literal text every match of an anchored regex starts with."""
    body = regex.removeprefix("^")
    literal = ""
    for char in body:
        if char in _REGEX_SPECIAL:
            # A quantifier makes the character before it optional.
            return literal[:-1] if char in "*?{" else literal
        literal += char
    return literal


def _flatten(resolver: URLResolver, prefix: str = "") -> Iterable[tuple[str, bool, Any]]:
    """For every URL pattern, in the order Django tries them: the literal text
    every path it matches starts with, whether it matches only that text, and
    the pattern (None where the rest of its reach cannot be read off it)."""
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            route = prefix + str(pattern)
            if isinstance(entry, URLResolver):
                yield from _flatten(entry, route)
            else:
                literal, converter, _ = route.partition("<")
                # (Unknown attribute: assume it may match more than itself.)
                yield literal, not converter and getattr(pattern, "_is_endpoint", False), entry
        elif isinstance(pattern, RegexPattern):
            yield prefix + _regex_literal(pattern.regex.pattern), False, None
        else:  # e.g. i18n_patterns' language prefix
            yield prefix, False, None


def catch_all_prefix(view_name: str, urlconf: Any = None) -> tuple[str, re.Pattern[str]] | None:
    """The path prefix under which Django resolves every rest that the view's
    converter accepts to `view_name`, and that converter's regex, shown from
    the URLconf itself; None when it cannot be shown.

    It holds when the view's route is `<literal prefix><path:number>` and no
    pattern tried before it can match a path under that prefix: the literal
    start of each earlier pattern must diverge from the prefix, or, for a route
    without converters (it matches only itself), not lie under it."""
    resolver = get_resolver(urlconf)
    probe = reverse(view_name, urlconf=urlconf, kwargs={"number": "X"}).removesuffix("X")
    target = resolver.resolve(probe + "X").func
    prefix = probe.removeprefix("/")
    for literal, exact, entry in _flatten(resolver):
        if entry is not None and entry.callback is target:
            converter = entry.pattern.converters.get("number")
            if literal != prefix or str(entry.pattern).count("<") != 1 or converter is None:
                return None
            # Django matches the converter's regex against the whole rest (\Z).
            return probe, re.compile(f"(?:{converter.regex})\\Z")
        if exact:
            if literal.startswith(prefix):
                return None
        elif literal.startswith(prefix) or prefix.startswith(literal):
            return None
    return None


class PublicLookupDispatcher:
    def __init__(self, django_app: WSGIApp) -> None:
        self.django_app = django_app
        self.prefix = reverse(VIEW_NAME, kwargs={"number": "X"}).removesuffix("X")
        # When the URLconf shows that every path under the prefix is this view,
        # requests need no resolving; otherwise each is resolved as Django would.
        self.route_proof = catch_all_prefix(VIEW_NAME)
        # The request hooks of SecurityMiddleware and CommonMiddleware answer
        # (redirect, refuse) only under these settings; without them, all that is
        # left of their work is validating the Host header.
        self.hooks_needed = bool(settings.SECURE_SSL_REDIRECT or settings.PREPEND_WWW
                                 or settings.DISALLOWED_USER_AGENTS)
        self.security = SecurityMiddleware(_never_called)
        self.common = CommonMiddleware(_never_called)
        self.locale = LocaleMiddleware(_never_called)
        self.xframe = XFrameOptionsMiddleware(_never_called)
        # (secure, language) → what the middleware adds to a 200 from the view.
        self._added_to_200: dict[tuple[bool, str], list[tuple[str, str]]] = {}
        self.cycle = RequestCycle()
        # Without i18n URL patterns the language LocaleMiddleware picks depends
        # only on the language cookie and Accept-Language, so it is worked out
        # once per pair: (cookie, header) → language.
        self.language_by_pair: dict[tuple[str | None, str], str] | None = (
            None if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0] else {})

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        # The cheap tests first: most requests to the site leave here.
        if (environ.get("REQUEST_METHOD") != "GET"
                or not environ.get("PATH_INFO", "").startswith(self.prefix)
                or "HTTP_AUTHORIZATION" in environ):
            return self.django_app(environ, start_response)
        request = WSGIRequest(environ)
        route = self._route(request)
        if route is None:
            return self.django_app(environ, start_response)
        self.cycle.started(environ)
        language = self._language(request)
        answer: lookup.Answer | HttpResponseBase
        try:
            answer = lookup.certificate_response(request, *route)
        except Exception as exc:  # Django's own 500 handling, as the handler would
            self._as_django(request, language)
            answer = response_for_exception(request, exc)
        if isinstance(answer, lookup.Answer):
            start_response("200 OK", [*answer.headers, *self._headers_for_200(request, answer)])
            return _Body(answer.body, self.cycle)
        self._as_django(request, language)
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
        path = request.path_info
        if self.route_proof is not None:
            # __call__ has checked the prefix; nothing before here sets
            # request.urlconf, so the proof about ROOT_URLCONF applies.
            prefix, rest_regex = self.route_proof
            number = path[len(prefix):]
            if not rest_regex.match(number):
                return None
        else:
            try:
                match = get_resolver().resolve(path)
            except Resolver404:
                return None
            if match.view_name != VIEW_NAME:
                return None
            number = match.kwargs["number"]
        try:
            if self.hooks_needed:
                if (self.security.process_request(request) is not None
                        or self.common.process_request(request) is not None):
                    return None
            else:
                request.get_host()
        except (SuspiciousOperation, PermissionDenied):
            # A disallowed Host or User-Agent: Django answers those (400/403).
            return None
        return number, query.get("body")

    def _language(self, request: WSGIRequest) -> str | None:
        """LocaleMiddleware's request hook, by its result where that is known:
        sets request.LANGUAGE_CODE and returns the language still to activate
        (None when the hook itself ran and activated it). A 200 from the lane
        contains no translated text, so only other answers activate it."""
        memo = self.language_by_pair
        if memo is None:
            self.locale.process_request(request)
            return None
        pair = (request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
                request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        language = memo.get(pair)
        if language is None:
            self.locale.process_request(request)
            if len(memo) >= 512:  # Accept-Language is free text; keep the memo small
                memo.clear()
            memo[pair] = language = request.LANGUAGE_CODE
            return None
        request.LANGUAGE_CODE = language
        return language

    @staticmethod
    def _as_django(request: WSGIRequest, language: str | None) -> None:
        """What Django's handler and LocaleMiddleware set up before a view runs,
        for the answers built from Django responses (errors, 304, 429) and
        500 handling; the lane's own 200 needs none of it."""
        set_script_prefix(get_script_name(request.META))
        set_urlconf(settings.ROOT_URLCONF)
        if language is not None:
            translation.activate(language)

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
            # LocaleMiddleware's reads the active language, which a remembered
            # negotiation did not activate.
            translation.activate(request.LANGUAGE_CODE)
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
