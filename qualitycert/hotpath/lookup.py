"""One certificate by number, answered as `qualitycert.api.public.get_certificate`
answers it, at a fraction of the cost.

Where the time went in the ninja view, and what this module does instead:

- Building and compiling the ORM query took more than half of the request.
  `PreparedLookup` compiles the view's own queryset (`queries.public_rows`)
  once per connection, with placeholder values, and afterwards only executes
  the SQL and applies the ORM's own converters, so rows, types and time zones
  are exactly the ORM's.
- An Ed25519 signature per response: the link is signed ahead of time
  (`verification.signed_links`, shared with the view).

Everything else is the view's own code: `api.public.certificate_answer` with
this module's query in place of the ORM's. The equivalence test
(qualitycert/api/tests/test_hotpath.py) compares both answers byte for byte.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest, HttpResponse
from psycopg.pq import Format

from qualitycert.api import public
from qualitycert.verification import queries
from qualitycert.verification.queries import PublicCertificate

# Stand-ins compiled into the SQL's parameters and swapped for the real values
# on each call; normalised numbers never contain a space, so nothing else in
# the parameters can be mistaken for them.
_NUMBER = "QC HOTPATH NUMBER"
_BODY = "QC HOTPATH BODY"


class PreparedLookup:
    """`queries.public_certificates` as SQL compiled once: the queryset is
    built exactly as there, with placeholders, and compiled by the ORM; each
    call then substitutes the real values, runs the SQL on the DB-API
    connection under Django's connection wrapper, and passes the rows through
    the compiler's converters (dates, aware datetimes) as the ORM would.

    Django's cursor wrapper is skipped on purpose: on SQLite it rewrites the
    placeholders with a regular expression on every call, which alone cost as
    much as the query. Errors are still translated and flagged by
    `wrap_database_errors`, so a broken connection is closed at the end of the
    request as usual; what is lost is `connection.queries` under DEBUG and
    `execute_wrapper` instrumentation, for this one SELECT."""

    def __init__(self, using: str, *, with_body: bool) -> None:
        qs = queries.public_rows(_NUMBER, _BODY if with_body else None,
                                 using=using)[:queries.SEARCH_CAP]
        self.compiler: SQLCompiler = qs.query.get_compiler(using=using)
        self.connection = self.compiler.connection
        sql, params = self.compiler.as_sql()
        self.params = list(params)
        if sorted(p for p in self.params if p in (_NUMBER, _BODY)) != (
                [_BODY, _NUMBER] if with_body else [_NUMBER]):
            raise RuntimeError(f"hot path: unexpected query parameters {params!r}")
        self.prepared = self.connection.vendor == "postgresql"
        self.sql = self._driver_sql(sql)
        # What results_iter() would work out on every call.
        fields = [s[0] for s in self.compiler.select[0:self.compiler.col_count]]
        self.converters = self.compiler.get_converters(fields)

    def _cursor(self) -> Any:
        """A DB-API cursor for the one SELECT.

        On PostgreSQL a server-binding psycopg cursor, so that the statement is
        prepared once per connection (Django's own cursors bind on the client
        and never prepare): planning the three-join SELECT cost the server more
        than running it. Preparing needs `prepare_threshold` in the database
        OPTIONS (set unless QC_PG_PREPARED_STATEMENTS=0); without it psycopg simply
        runs the statement unprepared."""
        if not self.prepared:
            return self.connection.connection.cursor()
        raw = self.connection.connection
        cursor = psycopg.Cursor(raw)
        # As Django's create_cursor(): the connection's time zone for timestamptz.
        timestamptz = raw.adapters.types["timestamptz"].oid
        tzloader = raw.adapters.get_loader(timestamptz, Format.TEXT)
        if self.connection.timezone != tzloader.timezone:
            register_tzloader(self.connection.timezone, cursor)
        return cursor

    def _driver_sql(self, sql: str) -> str:
        """The SQL as the driver takes it: SQLite's cursor wrapper turns
        "format" placeholders into "qmark" ones; do that once, with its code."""
        self.connection.ensure_connection()
        cursor = self.connection.create_cursor()
        try:
            convert = getattr(cursor, "convert_query", None)
            return convert(sql) if convert is not None else sql
        finally:
            cursor.close()

    def run(self, number_key: str, body_key: str) -> list[PublicCertificate]:
        values = {_NUMBER: number_key, _BODY: body_key}
        params = [values.get(p, p) if isinstance(p, str) else p for p in self.params]
        db = self.connection
        db.close_if_health_check_failed()
        db.ensure_connection()
        with db.wrap_database_errors:
            cursor = self._cursor()
            try:
                if self.prepared:
                    cursor.execute(self.sql, params, prepare=True)
                else:
                    cursor.execute(self.sql, params)
                rows: Iterable[Any] = cursor.fetchall()
            finally:
                cursor.close()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [PublicCertificate.from_row(tuple(row)) for row in rows]


_prepared = threading.local()


def public_certificates(number: str, body: str | None,
                        using: str = "default") -> list[PublicCertificate]:
    """What `queries.public_certificates(number, body, limit=SEARCH_CAP)` returns."""
    keys = queries.lookup_keys(number, body)
    if keys is None:
        return []
    key, body_key = keys
    with_body = body_key is not None
    # Compiled SQL belongs to one connection object, and connections are per thread.
    cache: dict[tuple[str, bool, int], PreparedLookup] = _prepared.__dict__.setdefault("by", {})
    slot = (using, with_body, id(connections[using]))
    lookup = cache.get(slot)
    if lookup is None:
        lookup = cache[slot] = PreparedLookup(using, with_body=with_body)
    return lookup.run(key, body_key or "")


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(epoch_seconds: int) -> str:
    """django.utils.http.http_date (RFC 9110 IMF-fixdate) without the trip
    through email.utils and datetime; a property test holds the two equal."""
    t = time.gmtime(epoch_seconds)
    return (f"{_WEEKDAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT")


@dataclass(frozen=True)
class Answer:
    """A 200 found the fast way: the view's own headers and the body. The
    dispatcher adds what the middleware would."""

    headers: list[tuple[str, str]]
    body: bytes


def certificate_response(request: HttpRequest, number: str, body: str | None
                         ) -> Answer | HttpResponse:
    """The ninja view's answer for an anonymous caller (the dispatcher sends
    callers with a token or a session to Django), by the view's own
    `public.certificate_answer` with the compiled query. A 200 is an `Answer`;
    the rest (429, 404, 409, 304, 412) are the Django responses it built."""
    answer = public.certificate_answer(request, number, body, public_certificates)
    if not isinstance(answer, public.CertificateAnswer):
        return answer
    # The headers HttpResponse(content_type=...) and the view would set, in order.
    return Answer([("Content-Type", "application/json"), ("ETag", answer.etag),
                   ("Last-Modified", http_date(answer.last_modified)),
                   ("Cache-Control", public.CACHE_CONTROL)],
                  answer.content.encode(settings.DEFAULT_CHARSET))
