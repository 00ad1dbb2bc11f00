"""The fast lane's request start and end (qualitycert.hotpath.cycle): with only
Django's receivers connected it does their work itself, and that work keeps
persistent connections as honest as Django's signals do."""

from __future__ import annotations

import io
import time
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections

from qualitycert.hotpath import PublicLookupDispatcher
from qualitycert.hotpath.cycle import RequestCycle

PATH = "/api/v1/certificates/"


@pytest.fixture
def connection():
    # The wrapper itself: monkeypatch restores attributes on it, not on the proxy.
    return connections[DEFAULT_DB_ALIAS]


def serve(lane: PublicLookupDispatcher, path: str) -> int:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(REQUEST_METHOD="GET", PATH_INFO=path, REMOTE_ADDR="203.0.113.9",
                   **{"wsgi.input": io.BytesIO()})
    status: list[str] = []
    body = lane(environ, lambda s, h, exc_info=None: status.append(s))
    b"".join(body)
    body.close()  # type: ignore[attr-defined]
    return int(status[0].split()[0])


@pytest.fixture
def counted(monkeypatch):
    """How often each signal is actually sent."""
    sent = {"started": 0, "finished": 0}
    for name, signal in (("started", request_started), ("finished", request_finished)):
        original = signal.send

        def send(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            sent[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(signal, "send", send)
    return sent


@pytest.mark.django_db(transaction=True)
def test_with_djangos_receivers_no_signal_is_sent(cert_a, counted):
    lane = PublicLookupDispatcher(WSGIHandler())
    assert lane.cycle.started_entries is not None and lane.cycle.finished_entries is not None
    assert serve(lane, PATH + cert_a.number) == 200
    assert counted == {"started": 0, "finished": 0}


@pytest.mark.django_db(transaction=True)
def test_another_receiver_gets_the_signals(cert_a, counted):
    lane = PublicLookupDispatcher(WSGIHandler())
    seen: list[str] = []

    def spy(**kwargs: Any) -> None:
        seen.append("finished")

    request_finished.connect(spy)
    try:
        assert serve(lane, PATH + cert_a.number) == 200
    finally:
        request_finished.disconnect(spy)
    assert seen == ["finished"] and counted == {"started": 0, "finished": 1}


@pytest.fixture
def closes(monkeypatch, connection) -> list[bool]:
    """Calls of the connection's close() (which the test database's in-memory
    SQLite would otherwise ignore)."""
    seen: list[bool] = []
    monkeypatch.setattr(connection, "close", lambda: seen.append(True))
    return seen


@pytest.mark.django_db(transaction=True)
def test_a_connection_past_its_age_is_closed_at_the_end(cert_a, closes, monkeypatch, connection):
    lane = PublicLookupDispatcher(WSGIHandler())
    assert serve(lane, PATH + cert_a.number) == 200
    assert closes == [] and connection.connection is not None
    monkeypatch.setattr(connection, "close_at", time.monotonic() - 1)
    assert serve(lane, PATH + cert_a.number) == 200
    assert closes == [True, True]  # at the start, then again at the end


@pytest.mark.django_db(transaction=True)
def test_a_broken_connection_is_dropped_at_the_start(cert_a, monkeypatch, closes, connection):
    lane = PublicLookupDispatcher(WSGIHandler())
    assert serve(lane, PATH + cert_a.number) == 200
    monkeypatch.setattr(connection, "errors_occurred", True)
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    lane.cycle.started({})
    assert closes == [True]


@pytest.mark.django_db(transaction=True)
def test_queries_logged_by_an_earlier_request_are_cleared(cert_a, connection):
    lane = PublicLookupDispatcher(WSGIHandler())
    connection.queries_log.append({"sql": "SELECT 1", "time": "0.000"})
    lane.cycle.started({})
    assert len(connection.queries_log) == 0


def test_memcached_style_caches_are_closed(settings, monkeypatch, connection):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "127.0.0.1:1"}}
    cycle = RequestCycle()
    assert not cycle.caches_close_nothing
    closed: list[bool] = []
    monkeypatch.setattr("django.core.cache.caches.close_all", lambda: closed.append(True))
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    cycle.finished()
    assert closed == [True]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_two_databases_always_send_the_signals(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    cycle = RequestCycle()
    assert cycle.started_entries is None and cycle.finished_entries is None
