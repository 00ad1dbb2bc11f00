"""Where the public lookup's time goes, layer by layer, in one process.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/lookup_breakdown.py \
        [--requests 2000] [--passes 5] [--numbers-file FILE] [--json]

bench_lookup.py runs it on each database it measures (after the served runs)
and prints its table beside theirs; it also runs on its own. Each stage
answers the same certificate numbers (real, unambiguous, drawn at random from
the database), one after another in this process, with the lookup's answer
cache off so that every request takes the query path; a stage includes the
ones above it, and the difference between two is the cost of what the larger
one adds:

- `raw SQL`: the lookup's SELECT on a DB-API connection of its own
  (sqlite3/psycopg), no Django, rows fetched; then + `json.dumps` of a dict
  like the bare app's (`bare`, bench/bare_lookup_app.py's work);
- `Django cursor`: the same SELECT through `queries.lookup_rows` (Django's
  cursor wrapper, placeholder translation, aware datetimes) on the connection
  the public entry point uses: the settings are settings_public's, so on
  PostgreSQL that is the `lookup` alias (server-side binding, statements
  prepared after five runs); `site connection`: the same SELECT through the
  default connection's `cursor()` (Django's default client-side binding, so
  PostgreSQL parses and plans it on every call: what the alias saves);
  `ORM`: the same rows through `queries.public_rows`, the queryset compiled on
  every call (what the raw query replaced);
- `answer`: `lookup.compute_answer`: rows to `PublicCertificate`, the stored
  signed link checked (`signed_links.link_for`: rebuilding the signed input,
  one SHA-256), ETag, JSON;
- `view`: the view function on a `RequestFactory` request: the bearer check,
  the rate limit (one cache increment), `condition` and `cache_control`
  (building the request is timed on its own, and subtracted in "added");
- `public handler` / `full handler`: a `WSGIHandler` built with settings_public's
  MIDDLEWARE and ROOT_URLCONF, and with the full site's, called with a WSGI
  environ: request object, URL resolving, middleware, response headers, the
  request_started/finished signals (both on the lookup's connection, so the
  difference is the middleware and URLconf alone);
- `cache hit`: the full handler again with the answer cache on and warm.

Timings are wall-clock microseconds per request, the median of --passes
passes (on PostgreSQL the server's own CPU is part of the wall time). Only
public Django APIs are used (override_settings, RequestFactory, WSGIHandler).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def numbers_from_database(count: int) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM registry_certificate GROUP BY number "
                       "HAVING count(*) = 1 ORDER BY number")
        numbers = [n for (n,) in cursor.fetchall()]
    random.Random(3797).shuffle(numbers)
    return numbers[:count]


def timed(action: Callable[[str], Any], numbers: list[str], passes: int) -> float:
    for number in numbers[:50]:  # warm: connection, signing key, imports
        action(number)
    per_pass = []
    for _ in range(passes):
        started = time.perf_counter()
        for number in numbers:
            action(number)
        per_pass.append((time.perf_counter() - started) / len(numbers) * 1e6)
    return statistics.median(per_pass)


def raw_connection() -> tuple[Any, str]:
    url = os.environ["DATABASE_URL"]
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "sqlite":
        import sqlite3

        return sqlite3.connect(parsed.path[1:]), "?"
    import psycopg

    return psycopg.connect(url, autocommit=True), "%s"


def environ_for(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def through(handler: Callable[..., Any]) -> Callable[[str], Any]:
    def call(number: str) -> None:
        path = "/api/v1/certificates/" + number
        statuses: list[str] = []
        body = handler(environ_for(path), lambda status, headers, *_: statuses.append(status))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"{path}: {statuses[0]}")
    return call


def measure(requests: int, passes: int, numbers_file: str | None) -> dict[str, float]:
    import django

    # The public entry point's settings: on PostgreSQL its `lookup` alias.
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitycert.settings_public"
    os.environ.setdefault("QC_RATE_ANON_PER_MINUTE", "1000000000")
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory, override_settings

    from qualitycert import settings as full_settings
    from qualitycert.lib.normalize import normalize_identifier
    from qualitycert.verification import lookup, queries

    if numbers_file:
        numbers = [urllib.parse.unquote(line) for line in
                   Path(numbers_file).read_text().split()][:requests]
    else:
        numbers = numbers_from_database(requests)
    if not numbers:
        raise SystemExit("no certificates in this database")
    today = queries.today()
    conn, mark = raw_connection()
    # Django's cursors take %s on every database; a DB-API connection its own mark.
    site_sql = queries.LOOKUP_SQL.format(
        leaf="audit_logleaf", leaf_index='"index"', certificate="registry_certificate",
        body="registry_certificationbody", holder="registry_enterprise",
        scheme="registry_scheme", link="verification_signedlink", body_filter="")
    sql = site_sql.replace("%s", mark)

    def raw(number: str) -> list[Any]:
        return list(conn.execute(sql, ("certificate", normalize_identifier(number), 20))
                    .fetchall())

    def bare(number: str) -> bytes:
        (row,) = raw(number)
        return json.dumps({"number": row[1], "status": row[2],
                           "holder": {"uscc": row[9], "name": row[10]},
                           "body": {"approval_number": row[7], "name": row[8]},
                           "scheme": {"code": row[12], "category": row[13], "name": row[14],
                                      "standard": row[15]},
                           "issued_on": str(row[3]), "expires_on": str(row[4])},
                          ensure_ascii=False, separators=(",", ":")).encode()

    factory = RequestFactory()
    results: dict[str, float] = {}
    with override_settings(QC_LOOKUP_CACHE_SECONDS=0, DEBUG=False):
        results["raw SQL"] = timed(raw, numbers, passes)
        results["bare (raw SQL + json.dumps)"] = timed(bare, numbers, passes)
        results["Django cursor (queries.lookup_rows)"] = timed(
            lambda n: queries.lookup_rows(normalize_identifier(n), None), numbers, passes)

        def site_cursor(number: str) -> list[Any]:
            with connection.cursor() as cursor:
                cursor.execute(site_sql, ["certificate", normalize_identifier(number), 20])
                return cursor.fetchall()

        results["site connection (default cursor)"] = timed(site_cursor, numbers, passes)
        results["ORM queryset (queries.public_rows)"] = timed(
            lambda n: list(queries.public_rows(normalize_identifier(n), None)[:20]),
            numbers, passes)
        results["answer (lookup.compute_answer)"] = timed(
            lambda n: lookup.compute_answer(normalize_identifier(n), None, today),
            numbers, passes)
        results["request object alone (RequestFactory.get)"] = timed(
            lambda n: factory.get("/api/v1/certificates/" + n), numbers, passes)
        results["view (lookup.certificate)"] = timed(
            lambda n: lookup.certificate(factory.get("/api/v1/certificates/" + n), n),
            numbers, passes)
        results["public handler (settings_public)"] = timed(
            through(WSGIHandler()), numbers, passes)
        with override_settings(MIDDLEWARE=full_settings.MIDDLEWARE,
                               ROOT_URLCONF=full_settings.ROOT_URLCONF):
            full = WSGIHandler()
            results["full handler (settings)"] = timed(through(full), numbers, passes)
    with override_settings(QC_LOOKUP_CACHE_SECONDS=300, MIDDLEWARE=full_settings.MIDDLEWARE,
                           ROOT_URLCONF=full_settings.ROOT_URLCONF):
        results["full handler, answer cached"] = timed(through(full), numbers, passes)
    conn.close()
    return results


def table(results: dict[str, float]) -> str:
    lines = ["| stage | µs per request | added by this stage |", "|---|---:|---:|"]
    order = list(results)
    previous = {
        "bare (raw SQL + json.dumps)": "raw SQL",
        "Django cursor (queries.lookup_rows)": "raw SQL",
        "site connection (default cursor)": "raw SQL",
        "ORM queryset (queries.public_rows)": "raw SQL",
        "answer (lookup.compute_answer)": "Django cursor (queries.lookup_rows)",
        "view (lookup.certificate)": "answer (lookup.compute_answer)",
        "public handler (settings_public)": "view (lookup.certificate)",
        "full handler (settings)": "public handler (settings_public)",
    }
    request = results.get("request object alone (RequestFactory.get)", 0.0)
    for stage in order:
        base = previous.get(stage)
        extra = request if stage == "view (lookup.certificate)" else 0.0
        added = (f"{results[stage] - results[base] - extra:+,.0f} (vs {base}"
                 + (", less the request object)" if extra else ")")) if base else ""
        lines.append(f"| {stage} | {results[stage]:,.0f} | {added} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--numbers-file")
    parser.add_argument("--json", action="store_true", help="print JSON, not Markdown")
    args = parser.parse_args()
    results = measure(args.requests, args.passes, args.numbers_file)
    print(json.dumps(results) if args.json else table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
