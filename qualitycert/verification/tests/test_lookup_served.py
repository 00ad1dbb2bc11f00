"""The public lookup as production serves it: through the WSGI applications
of both entry points (qualitycert.wsgi, the full site; qualitycert.wsgi_public,
the public endpoints only), over a real socket, against the test database
(decision 0006).

In this process: `qualitycert.wsgi.application` itself, and a Django handler
built with settings_public's MIDDLEWARE and ROOT_URLCONF (one process can hold
only one settings module). In a separate gunicorn process:
`qualitycert.wsgi_public:application` itself, on the test database (on
PostgreSQL) or a copy of it (SQLite's test database lives in this process's
memory).
"""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from qualitycert.accounts.actor import Actor
from qualitycert.testing.wsgi_server import Reply, Served, gunicorn, served
from qualitycert.verification import actions as verification_actions
from qualitycert.verification import signed_links

pytestmark = pytest.mark.django_db(transaction=True)

COMPARED = ("content-type", "etag", "last-modified", "cache-control", "retry-after")


def _path(number: str, **query: str) -> str:
    path = "/api/v1/certificates/" + urllib.parse.quote(number, safe="/")
    return path + ("?" + urllib.parse.urlencode(query) if query else "")


def _shape(reply: Reply) -> tuple[Any, ...]:
    return (reply.status, reply.body, *(reply.headers.get(h) for h in COMPARED))


@pytest.fixture
def normal() -> Iterator[Served]:
    from qualitycert.wsgi import application

    with served(application) as server:
        yield server


@pytest.fixture
def own_generation(settings, tmp_path):
    """A generation stamp of this test's own. Without Redis the stamp is a file
    under VAR_DIR, shared with every other test process of the run (xdist), so
    a certificate saved by another worker would drop this test's cached answer
    in the middle of a test that checks an answer is served from the cache.
    Only for tests served in this process: a gunicorn child reads the stamp of
    its environment's QC_VAR_DIR."""
    settings.VAR_DIR = tmp_path


@contextlib.contextmanager
def _slim(settings: Any) -> Iterator[Served]:
    """The slim entry point's handler. Its ROOT_URLCONF is a setting, so while
    it serves, a full-site handler in this process would resolve with it too:
    tests ask the full site first, then this."""
    from qualitycert import settings_public

    settings.MIDDLEWARE = settings_public.MIDDLEWARE
    settings.ROOT_URLCONF = settings_public.ROOT_URLCONF
    with served(WSGIHandler()) as server:
        yield server


@pytest.fixture
def slim(settings: Any) -> Iterator[Served]:
    with _slim(settings) as server:
        yield server


def _requests(cert: Any, etag: str, modified: str) -> list[tuple[str, dict[str, str]]]:
    return [
        (_path(cert.number), {}),
        (_path(cert.number.lower()), {}),
        (_path("００１２５Ｑ１０００１Ｒ０Ｍ"), {}),
        (_path("NOPE-1"), {}),
        (_path(cert.number, body="cnca-r-2003-002"), {}),
        (_path(cert.number, body=cert.body.approval_number), {}),
        (_path(cert.number), {"If-None-Match": etag}),
        (_path(cert.number), {"If-Modified-Since": modified}),
        (_path(cert.number), {"If-None-Match": '"stale"'}),
        (_path(cert.number), {"Authorization": "Bearer qc_wrong"}),
        (_path(cert.number), {"Authorization": "Basic dXNlcjpwYXNz"}),
        ("/api/v1/certificates/a%00b", {}),
        ("/api/v1/certificates/a%0Ab", {}),
        ("/.well-known/qualitycert-keys.json", {}),
    ]


# --- the full site's entry point ------------------------------------------------------


def test_lookup_over_a_socket(normal, cert_a):
    reply = normal.get(_path(cert_a.number))
    assert reply.status == 200 and reply.headers["content-type"] == "application/json"
    data = reply.json()
    assert data["number"] == cert_a.number and data["status"] == "valid"
    assert data["holder"]["name"] == "天津滨海测试制造有限公司"
    assert data["verification_url"].startswith("http://127.0.0.1:8000/v/")
    assert reply.headers["etag"].startswith('"') and reply.headers["last-modified"]
    assert reply.headers["cache-control"] == "public, max-age=60"
    missing = normal.get(_path("NOPE-1"))
    assert missing.status == 404 and "detail" in missing.json()
    assert "cache-control" not in missing.headers


def test_conditional_requests_over_a_socket(normal, cert_a):
    first = normal.get(_path(cert_a.number))
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = normal.get(_path(cert_a.number), {"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == "public, max-age=60"
    assert normal.get(_path(cert_a.number), {"If-Modified-Since": modified}).status == 304
    assert normal.get(_path(cert_a.number), {"If-Match": '"other"'}).status == 412
    assert normal.get(_path(cert_a.number), {"If-None-Match": '"other"'}).status == 200


def test_wrong_method_over_a_socket(normal, cert_a):
    assert normal.get(_path(cert_a.number), method="POST").status == 405
    assert normal.get(_path(cert_a.number), method="DELETE").status == 405


def test_ambiguous_number_over_a_socket(normal, issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    reply = normal.get(_path(cert_a.number))
    assert reply.status == 409
    assert [c["approval_number"] for c in reply.json()["candidates"]] == [
        "CNCA-R-2002-001", "CNCA-R-2003-002"]
    chosen = normal.get(_path(cert_a.number, body="cnca-r-2003-002"))
    assert chosen.status == 200 and chosen.json()["body"]["approval_number"] == "CNCA-R-2003-002"


def test_rate_limit_counts_cached_answers_too(own_generation, normal, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 3
    codes = [normal.get(_path(cert_a.number)).status for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_token_over_a_socket(normal, cert_a, api_token, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 1
    auth = {"Authorization": f"Bearer {api_token}"}
    assert [normal.get(_path(cert_a.number), auth).status for _ in range(3)] == [200] * 3
    assert normal.get(_path(cert_a.number), {"Authorization": "Bearer qc_wrong"}).status == 401


# --- no stale answer ------------------------------------------------------------------


def test_suspension_shows_in_the_next_lookup(normal, cert_a, in_state):
    etag = normal.get(_path(cert_a.number)).headers["etag"]
    assert normal.get(_path(cert_a.number)).json()["status"] == "valid"  # now cached
    in_state(cert_a, "suspended")
    reply = normal.get(_path(cert_a.number), {"If-None-Match": etag})
    assert reply.status == 200 and reply.json()["status"] == "suspended"
    in_state(cert_a, "withdrawn")
    assert normal.get(_path(cert_a.number)).json()["status"] == "withdrawn"


def test_holder_and_body_renames_show_in_the_next_lookup(normal, cert_a):
    assert normal.get(_path(cert_a.number)).status == 200
    holder, body = cert_a.holder, cert_a.body
    holder.name = "天津滨海测试制造股份有限公司"
    holder.save()
    assert normal.get(_path(cert_a.number)).json()["holder"]["name"] == holder.name
    body.name = "甲认证集团有限公司（测试）"
    body.save()
    assert normal.get(_path(cert_a.number)).json()["body"]["name"] == body.name


def test_an_issued_certificate_replaces_a_cached_not_found(normal, issue, body_a, holder):
    assert normal.get(_path("NEW-0001")).status == 404
    issue(body_a, holder, "NEW-0001")
    assert normal.get(_path("NEW-0001")).status == 200


def test_a_new_signing_key_shows_in_the_next_lookup(normal, cert_a):
    before = normal.get(_path(cert_a.number)).json()["verification_url"]
    verification_actions.rotate_signing_key(actor=Actor.system())
    after = normal.get(_path(cert_a.number)).json()["verification_url"]
    assert after != before


def test_signing_links_ahead_of_time_moves_the_generation(normal, cert_a):
    from qualitycert.verification.lookup_cache import generations

    normal.get(_path(cert_a.number))
    before = generations.read_with("none")[0]
    assert signed_links.sign_links().signed == 1
    assert generations.read_with("none")[0] != before
    assert normal.get(_path(cert_a.number)).status == 200


def test_a_cached_answer_costs_no_query(own_generation, client, cert_a,
                                        django_assert_num_queries):
    client.get(_path(cert_a.number))  # the signing key is created and loaded once
    client.get(_path(cert_a.number))
    with django_assert_num_queries(0):
        assert client.get(_path(cert_a.number)).status_code == 200


def test_without_the_cache_every_lookup_queries(client, cert_a, settings,
                                                django_assert_num_queries):
    settings.QC_LOOKUP_CACHE_SECONDS = 0
    client.get(_path(cert_a.number))
    with django_assert_num_queries(1):
        assert client.get(_path(cert_a.number)).json()["status"] == "valid"


# --- the public entry point -----------------------------------------------------------


def test_slim_entry_point_answers_as_the_full_site(normal, settings, issue, cert_a, body_b,
                                                   holder):
    first = normal.get(_path(cert_a.number))
    requests = _requests(cert_a, first.headers["etag"], first.headers["last-modified"])

    def same_answers() -> None:
        full = [_shape(normal.get(path, headers)) for path, headers in requests]
        with _slim(settings) as slim:
            assert [_shape(slim.get(path, headers)) for path, headers in requests] == full

    same_answers()
    issue(body_b, holder, cert_a.number)  # the number at two bodies: 409s
    same_answers()


def test_slim_entry_point_serves_only_public_paths(slim, cert_a):
    assert slim.get(_path(cert_a.number)).status == 200
    assert slim.get("/healthz").status == 200
    for path in ("/admin/", "/verify/", "/api/v1/openapi.json", "/accounts/login/"):
        assert slim.get(path).status == 404, path


def test_slim_entry_point_errors_follow_accept_language(slim):
    """Without LocaleMiddleware the error handlers pick the request's language
    themselves: one language per answer, as the API's `detail`."""
    assert slim.get("/admin/").json()["detail"] == "没有这个接口或对象"
    english = slim.get("/admin/", {"Accept-Language": "en"})
    assert english.status == 404 and english.json()["detail"] == "No such endpoint or object"


def test_slim_entry_point_sends_no_session_or_language_headers(normal, settings, cert_a):
    full = normal.get(_path(cert_a.number))
    with _slim(settings) as slim:
        public = slim.get(_path(cert_a.number))
    assert "x-frame-options" in full.headers and "x-frame-options" not in public.headers
    assert "content-language" not in public.headers and "set-cookie" not in public.headers
    assert public.headers["x-content-type-options"] == "nosniff"  # SecurityMiddleware stays


@contextlib.contextmanager
def _database_for_another_process(tmp_path: Path) -> Iterator[tuple[str, bool]]:
    """(DATABASE_URL, whether it is the test database itself)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}", True
        return
    copy = tmp_path / "copy.sqlite3"
    name = str(db["NAME"])
    with contextlib.closing(sqlite3.connect(name, uri=name.startswith("file:"))) as source, \
            contextlib.closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    yield f"sqlite:///{copy}", False


def test_gunicorn_serves_the_public_entry_point(normal, cert_a, in_state, tmp_path, settings):
    first = normal.get(_path(cert_a.number))  # creates the signing key before the copy
    requests = _requests(cert_a, first.headers["etag"], first.headers["last-modified"])
    with _database_for_another_process(tmp_path) as (url, same_database):
        env = {"DATABASE_URL": url, "QC_VAR_DIR": str(settings.VAR_DIR),
               "QC_RATE_ANON_PER_MINUTE": "100000"}
        with gunicorn("qualitycert.wsgi_public:application", env) as public:
            for path, headers in requests:
                assert _shape(public.get(path, headers)) == _shape(normal.get(path, headers)), \
                    path
            assert public.get("/admin/").status == 404  # the slim URLconf, not the full one
            if same_database:
                # Another process, its own cache: the change made here reaches it.
                assert public.get(_path(cert_a.number)).json()["status"] == "valid"
                in_state(cert_a, "suspended")
                assert public.get(_path(cert_a.number)).json()["status"] == "suspended"


def test_forget_lookup_answers_command(own_generation, normal, cert_a):
    from django.core.management import call_command
    from django.db import connection as db

    normal.get(_path(cert_a.number))  # creates the signing key, which moves the generation
    assert normal.get(_path(cert_a.number)).json()["status"] == "valid"
    with db.cursor() as cursor:  # a change behind the site's back
        cursor.execute("UPDATE registry_certificate SET status = %s WHERE id = %s",
                       ["suspended", cert_a.pk])
    assert normal.get(_path(cert_a.number)).json()["status"] == "valid"  # cached
    call_command("forget_lookup_answers")
    assert normal.get(_path(cert_a.number)).json()["status"] == "suspended"


def _redis_listening() -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_listening(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_generation_is_shared(normal, cert_a, in_state, settings):
    from django.core.cache import caches

    from qualitycert.verification.lookup_cache import CACHE_ALIAS, generations

    url = "redis://127.0.0.1:6379/14"
    settings.QC_REDIS_URL = url
    settings.CACHES = {**settings.CACHES, CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
        "KEY_PREFIX": "qualitycert-lookup-test"}}
    caches[CACHE_ALIAS].clear()
    normal.get(_path(cert_a.number))
    assert normal.get(_path(cert_a.number)).json()["status"] == "valid"
    before = generations.read_with("none")[0]
    in_state(cert_a, "suspended")
    assert generations.read_with("none")[0] != before
    assert normal.get(_path(cert_a.number)).json()["status"] == "suspended"
    caches[CACHE_ALIAS].clear()
