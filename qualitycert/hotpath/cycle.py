"""The start and end of a request, as Django's handler marks them, for the
fast lane.

Django sends `request_started` and `request_finished`; what is connected to
them out of the box is what keeps persistent database connections honest
(`close_old_connections`: drop a connection that is broken, in the wrong
autocommit state or past CONN_MAX_AGE), plus `reset_queries`, `close_caches`
and `reset_urlconf`. Sending the signals costs the lane more than doing that
work: each receiver looks every connection and cache up again through
thread-local storage. So when exactly Django's receivers are connected, and
the project has one database, `RequestCycle` does their work directly on that
connection; when anything else is connected (another app's receiver, a test's
spy, a test keeping its transaction), it sends the signals as Django does.
"""

from __future__ import annotations

import weakref
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.cache import caches, close_caches
from django.core.cache.backends.base import BaseCache
from django.core.handlers.base import reset_urlconf
from django.core.handlers.wsgi import WSGIHandler
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, reset_queries
from django.dispatch import Signal
from django.utils.module_loading import import_string

DJANGO_STARTED = (reset_queries, close_old_connections)
DJANGO_FINISHED = (close_old_connections, close_caches, reset_urlconf)


def _receivers(signal: Signal) -> tuple[Any, ...]:
    # Entries are (lookup key, weak or strong reference, is_async).
    return tuple(ref() if isinstance(ref, weakref.ReferenceType) else ref
                 for _, ref, _ in signal.receivers)


def _caches_close_nothing() -> bool:
    """Whether every configured cache's close() is BaseCache's, which does
    nothing (locmem, Redis, database, file); Memcached's closes a socket."""
    return all(import_string(conf["BACKEND"]).close is BaseCache.close
               for conf in settings.CACHES.values())


def _djangos_own(signal: Signal, django_receivers: tuple[Any, ...]) -> list[Any] | None:
    """The signal's receiver entries if they are exactly Django's (in any
    order: it depends on import order, and they are independent), else None."""
    found = _receivers(signal)
    ours = len(found) == len(django_receivers) and set(found) == set(django_receivers)
    return list(signal.receivers) if ours else None


class RequestCycle:
    def __init__(self) -> None:
        single_database = list(settings.DATABASES) == [DEFAULT_DB_ALIAS]
        self.caches_close_nothing = _caches_close_nothing()
        # Compared with the live lists on every request: entries are tuples of
        # a lookup key and a (weak) reference, so a receiver connected,
        # disconnected or replaced since makes the lists differ.
        self.started_entries = (_djangos_own(signals.request_started, DJANGO_STARTED)
                                if single_database else None)
        self.finished_entries = (_djangos_own(signals.request_finished, DJANGO_FINISHED)
                                 if single_database else None)

    def started(self, environ: dict[str, Any]) -> None:
        if signals.request_started.receivers != self.started_entries:
            signals.request_started.send(sender=WSGIHandler, environ=environ)
            return
        connection = connections[DEFAULT_DB_ALIAS]
        connection.queries_log.clear()
        connection.close_if_unusable_or_obsolete()

    def finished(self) -> None:
        """For an answer the lane wrote itself: it set no URLconf, so
        reset_urlconf has nothing to undo."""
        if signals.request_finished.receivers != self.finished_entries:
            signals.request_finished.send(sender=WSGIHandler)
            return
        connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
        if not self.caches_close_nothing:
            caches.close_all()
