"""The public lookup's fast lane (qualitycert.hotpath) against Django itself.

Every comparison sends the same WSGI environ to Django alone (`WSGIHandler`,
which runs the ninja view through the whole middleware stack) and to the
fast lane, and checks the lane answered by itself (its Django fallback was
not called) with the same status, the same headers in the same order, and
the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qualitycert.hotpath import PublicLookupDispatcher, lookup, wrap
from qualitycert.hotpath.dispatch import EXPECTED_MIDDLEWARE
from qualitycert.verification import keyring, queries, signed_links

pytestmark = pytest.mark.django_db

PATH = "/api/v1/certificates/"


@dataclass
class Reply:
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def code(self) -> int:
        return int(self.status.split()[0])

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> Any:
        return json.loads(self.body)


@contextlib.contextmanager
def _test_transaction_kept():
    """What django.test.Client does too: the test's transaction lives on the
    connection, so the end-of-request connection check must not close it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, path: str, *, method: str = "GET", query: str = "", scheme: str = "http",
         **headers: str) -> Reply:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    # A server hands PATH_INFO over percent-decoded, as bytes in a latin-1 str.
    environ.update(REQUEST_METHOD=method, PATH_INFO=path.encode().decode("latin-1"),
                   QUERY_STRING=query, REMOTE_ADDR="203.0.113.7", **headers)
    environ["wsgi.url_scheme"] = scheme
    captured: dict[str, Any] = {}

    def start_response(status, response_headers, exc_info=None):
        captured.update(status=status, headers=list(response_headers))

    with _test_transaction_kept():
        result = app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return Reply(captured["status"], captured["headers"], body)


class DjangoSpy:
    """The fast lane's fallback: Django, counting how often it is asked."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app():
    return WSGIHandler()


@pytest.fixture
def fallback():
    return DjangoSpy()


@pytest.fixture
def lane(fallback):
    return PublicLookupDispatcher(fallback)


@pytest.fixture
def same(django_app, lane, fallback):
    """Ask Django, then the lane; assert the lane answered alone and identically."""

    def check(path: str, **kwargs: Any) -> Reply:
        expected = call(django_app, path, **kwargs)
        before = fallback.calls
        got = call(lane, path, **kwargs)
        assert fallback.calls == before, "the fast lane handed this request to Django"
        assert (got.status, got.headers, got.body) == (
            expected.status, expected.headers, expected.body)
        return got
    return check


# --- the same answer ---------------------------------------------------------------


def test_valid_certificate(same, cert_a):
    reply = same(PATH + cert_a.number)
    assert reply.code == 200 and reply.json()["status"] == "valid"
    assert reply.header("ETag") and reply.header("Vary") == "Accept-Language, Cookie"


def test_with_a_link_signed_ahead_of_time(same, cert_a):
    signed_links.sign_links(on=dt.date(2026, 3, 1))
    reply = same(PATH + cert_a.number)
    token = reply.json()["verification_url"].rsplit("/", 1)[1]
    assert keyring.verify(token).payload["iat"] == "2026-03-01"
    assert "-2026-03-01-" in reply.header("ETag")


def test_a_link_that_no_longer_covers_the_claims_is_signed_afresh(same, cert_a, holder):
    from qualitycert.registry.models import Enterprise

    signed_links.sign_links(on=dt.date(2026, 3, 1))
    Enterprise.objects.filter(pk=holder.pk).update(name="天津滨海改名制造有限公司")
    token = same(PATH + cert_a.number).json()["verification_url"].rsplit("/", 1)[1]
    claims = keyring.verify(token).payload
    assert claims["holder"] == "天津滨海改名制造有限公司"
    assert claims["iat"] == queries.today().isoformat()


def test_body_equals_the_test_clients(lane, client, cert_a):
    assert call(lane, PATH + cert_a.number).json() == client.get(PATH + cert_a.number).json()


@pytest.mark.parametrize("state", ["suspended", "withdrawn", "cancelled", "expired"])
def test_each_state(same, cert_a, in_state, state):
    in_state(cert_a, state)
    assert same(PATH + cert_a.number).json()["status"] == state


@pytest.mark.parametrize("typed", ["００１２５Ｑ１０００１Ｒ０Ｍ", "00125q10001r0m", "「00125Q10001R0M」"])
def test_typed_as_people_type_it(same, cert_a, typed):
    assert same(PATH + typed).json()["number"] == cert_a.number


def test_not_found(same, db):
    reply = same(PATH + "NOPE-1")
    assert reply.code == 404 and "no such certificate" in reply.json()["detail"]


def test_number_at_two_bodies_is_409_then_body_chooses(same, issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    assert same(PATH + cert_a.number).code == 409
    chosen = same(PATH + cert_a.number, query="body=cnca-r-2003-002")
    assert chosen.json()["body"]["approval_number"] == "CNCA-R-2003-002"


def test_another_bodys_number_is_404(same, cert_a, body_b):
    assert same(PATH + cert_a.number, query=f"body={body_b.approval_number}").code == 404


def test_empty_body_parameter(same, cert_a):
    assert same(PATH + cert_a.number, query="body=").code == 200


def test_number_with_slashes(same, issue, body_a, holder):
    issue(body_a, holder, "CQC/2025/0001")
    assert same(PATH + "CQC/2025/0001").json()["number"] == "CQC/2025/0001"


def test_conditional_get(same, cert_a, django_app):
    first = call(django_app, PATH + cert_a.number)
    not_modified = same(PATH + cert_a.number, HTTP_IF_NONE_MATCH=first.header("ETag"))
    assert not_modified.code == 304 and not_modified.body == b""
    since = same(PATH + cert_a.number, HTTP_IF_MODIFIED_SINCE=first.header("Last-Modified"))
    assert since.code == 304
    assert same(PATH + cert_a.number, HTTP_IF_NONE_MATCH='"stale"').code == 200


def test_language_negotiation(same, cert_a):
    assert same(PATH + cert_a.number, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
                ).header("Content-Language") == "en"
    assert same(PATH + cert_a.number, HTTP_COOKIE="django_language=en"
                ).header("Content-Language") == "en"
    assert same(PATH + cert_a.number).header("Content-Language") == "zh-hans"


def test_a_remembered_language_is_the_one_in_the_headers(lane, django_app, fallback, cert_a):
    from django.utils import translation

    path = PATH + cert_a.number
    for language, other in (("en", "zh-hans"), ("zh-hans", "en")):
        call(lane, path, HTTP_ACCEPT_LANGUAGE=language)  # the pair is now remembered
        # Whatever an earlier request in this thread left active must not leak
        # into the headers of a later answer, for a scheme not seen yet either.
        translation.activate(other)
        got = call(lane, path, HTTP_ACCEPT_LANGUAGE=language, scheme="https")
        translation.activate(other)
        got_404 = call(lane, PATH + "NOPE-2", HTTP_ACCEPT_LANGUAGE=language)
        expected = call(django_app, path, HTTP_ACCEPT_LANGUAGE=language, scheme="https")
        expected_404 = call(django_app, PATH + "NOPE-2", HTTP_ACCEPT_LANGUAGE=language)
        assert got.headers == expected.headers and got.header("Content-Language") == language
        assert got_404.headers == expected_404.headers
    assert fallback.calls == 0


def test_https_with_hsts(cert_a, settings):
    # Middleware read their settings when loaded, so build both apps after.
    settings.SECURE_HSTS_SECONDS = 3600
    django_app, fallback = WSGIHandler(), DjangoSpy()
    lane = PublicLookupDispatcher(fallback)
    for scheme, hsts in (("https", "max-age=3600"), ("http", None)):
        expected = call(django_app, PATH + cert_a.number, scheme=scheme)
        got = call(lane, PATH + cert_a.number, scheme=scheme)
        assert (got.headers, got.body) == (expected.headers, expected.body)
        assert got.header("Strict-Transport-Security") == hsts
    assert fallback.calls == 0


def test_an_exception_is_djangos_500(django_app, lane, fallback, cert_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(queries, "public_certificates", broken)
    monkeypatch.setattr(lookup, "public_certificates", broken)
    expected = call(django_app, PATH + cert_a.number)
    got = call(lane, PATH + cert_a.number)
    assert fallback.calls == 0 and got.code == expected.code == 500
    assert (got.headers, got.body) == (expected.headers, expected.body)


# --- the same rate limit -------------------------------------------------------------


def test_429_is_djangos_429_and_the_count_is_shared(lane, django_app, fallback, cert_a,
                                                    settings):
    settings.QC_RATE_ANON_PER_MINUTE = 3
    assert [call(lane, PATH + cert_a.number).code for _ in range(2)] == [200, 200]
    assert call(django_app, PATH + cert_a.number).code == 200  # the third of three
    expected = call(django_app, PATH + cert_a.number)
    got = call(lane, PATH + cert_a.number)
    assert fallback.calls == 0
    assert expected.code == got.code == 429 and got.header("Retry-After") == "30"
    assert (got.headers, got.body) == (expected.headers, expected.body)


def test_not_found_counts_once(lane, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 2
    assert [call(lane, PATH + n).code for n in ("NOPE-1", "NOPE-2", "NOPE-3")] == [404, 404, 429]


# --- what the lane leaves to Django ---------------------------------------------------


def _delegated(lane, fallback, django_app, path: str, **kwargs: Any) -> Reply:
    expected = call(django_app, path, **kwargs)
    got = call(lane, path, **kwargs)
    assert fallback.calls == 1, "the fast lane should have handed this to Django"
    assert got.status == expected.status
    if got.header("Content-Type") == "application/json":
        # HTML error pages carry a fresh CSRF token each time; JSON must match.
        assert got.body == expected.body
    return got


@pytest.mark.parametrize("method", ["POST", "HEAD", "DELETE"])
def test_other_methods_go_to_django(lane, fallback, django_app, cert_a, method):
    assert _delegated(lane, fallback, django_app, PATH + cert_a.number, method=method).code == 405


@pytest.mark.parametrize("query", ["x=1", "body=a&body=b", "body=CNCA-R-2002-001&format=xml"])
def test_other_parameters_go_to_django(lane, fallback, django_app, cert_a, query):
    _delegated(lane, fallback, django_app, PATH + cert_a.number, query=query)


def test_api_token_goes_to_django(lane, fallback, django_app, cert_a, api_token):
    from qualitycert.verification.models import ApiToken

    reply = _delegated(lane, fallback, django_app, PATH + cert_a.number,
                       HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert reply.code == 200 and ApiToken.objects.get().last_used_at is not None
    assert call(lane, PATH + cert_a.number, HTTP_AUTHORIZATION="Bearer qc_wrong").code == 401


def test_logged_in_user_goes_to_django(lane, fallback, django_app, client_for, supervisor,
                                       cert_a, settings):
    session = client_for(supervisor).cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    assert _delegated(lane, fallback, django_app, PATH + cert_a.number,
                      HTTP_COOKIE=cookie).code == 200


def test_disallowed_host_goes_to_django(lane, fallback, django_app, cert_a):
    assert _delegated(lane, fallback, django_app, PATH + cert_a.number,
                      HTTP_HOST="evil.example").code == 400


@pytest.mark.parametrize("path", [PATH, "/api/v1/enterprises/91120116MA05JLDP4W", "/healthz"])
def test_other_paths_go_to_django(lane, fallback, django_app, path):
    _delegated(lane, fallback, django_app, path)


# --- plumbing ---------------------------------------------------------------------------


def test_request_signals_are_sent_once_each(lane, cert_a):
    seen = []

    def started(**kwargs):
        seen.append("started")

    def finished(**kwargs):
        seen.append("finished")

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        call(lane, PATH + cert_a.number)
        call(lane, PATH + "NOPE-1")
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    assert seen == ["started", "finished", "started", "finished"]


def test_the_project_serves_through_the_lane(settings):
    """Fails when settings.MIDDLEWARE changes: check dispatch._finish still
    replays what the new list does, then update EXPECTED_MIDDLEWARE."""
    from qualitycert import wsgi

    assert tuple(settings.MIDDLEWARE) == EXPECTED_MIDDLEWARE
    assert isinstance(wsgi.application, PublicLookupDispatcher)


def test_unknown_middleware_switches_the_lane_off(settings):
    app = WSGIHandler()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.gzip.GZipMiddleware"]
    assert wrap(app) is app
    settings.MIDDLEWARE = list(EXPECTED_MIDDLEWARE)
    settings.QC_HOTPATH = False
    assert wrap(app) is app


# --- the parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "body"), [
    ("00125Q10001R0M", None), ("００１２５ｑ１０００１ｒ０ｍ", None), ("00125Q10001R0M", "cnca-r-2003-002"),
    ("00125Q10001R0M", "CNCA-R-2002-001"), ("NOPE", None), ("  ", None), ("00125Q10001R0M", " "),
])
def test_prepared_query_finds_what_the_orm_finds(issue, cert_a, body_b, holder, number, body):
    issue(body_b, holder, cert_a.number)
    assert lookup.public_certificates(number, body) == queries.public_certificates(number, body)


# --- the route, without resolving each request ----------------------------------------------


def _urlconf(*patterns):
    import types

    from django.urls import include, path

    module = types.ModuleType("qc_test_urlconf")
    module.urlpatterns = [*patterns, path("api/v1/", include("qualitycert.api.urls"))]
    return module


def _dummy(request):  # pragma: no cover - never called
    raise AssertionError


def test_the_project_urlconf_proves_the_prefix():
    from qualitycert.hotpath.dispatch import VIEW_NAME, catch_all_prefix

    proof = catch_all_prefix(VIEW_NAME)
    assert proof is not None and proof[0] == PATH


def test_earlier_routes_that_could_match_disprove_it():
    from django.urls import path, re_path

    from qualitycert.hotpath.dispatch import VIEW_NAME, catch_all_prefix

    harmless = _urlconf(path("", _dummy), path("healthz", _dummy),
                        path("api/v1/openapi-extra/<int:n>", _dummy),
                        re_path(r"^c/(?P<x>.+)$", _dummy))
    proof = catch_all_prefix(VIEW_NAME, harmless)
    assert proof is not None and proof[0] == PATH
    for shadow in (path("api/v1/certificates/special", _dummy),
                   path("api/v1/certificates/<str:n>/qr", _dummy),
                   path("api/<path:rest>", _dummy),
                   re_path(r"^api/v1/cert", _dummy),
                   re_path(r"^.*$", _dummy),
                   re_path(r"^apix?/", _dummy)):
        assert catch_all_prefix(VIEW_NAME, _urlconf(shadow)) is None, shadow


@hypothesis_settings(deadline=None, max_examples=300)
@given(st.text(max_size=40))
def test_the_lanes_route_agrees_with_djangos_resolver(rest):
    """What the proof claims, checked against Django's resolver, for any rest
    of the path (newlines included: Django's path converter refuses them)."""
    from django.urls import Resolver404, get_resolver

    from qualitycert.hotpath.dispatch import VIEW_NAME, catch_all_prefix

    proof = catch_all_prefix(VIEW_NAME)
    assert proof is not None
    prefix, rest_regex = proof
    try:
        match = get_resolver().resolve(prefix + rest)
        django_says = match.view_name == VIEW_NAME and match.kwargs["number"] == rest
    except Resolver404:
        django_says = False
    assert bool(rest_regex.match(rest)) == django_says


def test_without_the_proof_each_request_is_resolved(lane, fallback, django_app, cert_a,
                                                     monkeypatch):
    monkeypatch.setattr(lane, "route_proof", None)
    assert call(lane, PATH + cert_a.number).code == 200
    assert fallback.calls == 0
    _delegated(lane, fallback, django_app, "/api/v1/enterprises/91120116MA05JLDP4W")


# --- small pieces -------------------------------------------------------------------------


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=253402300799))
def test_http_date_is_djangos(epoch):
    from django.utils.http import http_date

    assert lookup.http_date(epoch) == http_date(epoch)
