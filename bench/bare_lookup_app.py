"""The baseline for bench_lookup.py: the least a WSGI app can do to answer
`GET /api/v1/certificates/{number}` from the same database.

One indexed SELECT by number joined to holder, body and scheme, json.dumps,
and a persistent connection per worker (per thread under gthread). No Django,
no normalisation of what was typed, no rate limit, no signed link, no
validators: what is left is the database and the WSGI server, which is what
the public lookup is compared against (decision 0006).

    DATABASE_URL=sqlite:////tmp/x.sqlite3 gunicorn --chdir bench bare_lookup_app:application
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

PREFIX = "/api/v1/certificates/"
QUERY = """
SELECT c.number, c.status, c.issued_on, c.expires_on, c.last_surveillance_on,
       h.uscc, h.name, b.approval_number, b.name, s.code, s.category, s.name, s.standard
FROM registry_certificate c
JOIN registry_enterprise h ON h.id = c.holder_id
JOIN registry_certificationbody b ON b.id = c.body_id
JOIN registry_scheme s ON s.id = c.scheme_id
WHERE c.number = {placeholder}
ORDER BY b.approval_number
LIMIT 20
"""

_local = threading.local()


def _connect() -> tuple[Any, str]:
    url = os.environ["DATABASE_URL"]
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "sqlite":
        # As dj-database-url reads it: sqlite:////abs/path, sqlite:///relative.
        conn = sqlite3.connect(parsed.path[1:], check_same_thread=False)
        return conn, QUERY.format(placeholder="?")
    import psycopg

    return psycopg.connect(url, autocommit=True), QUERY.format(placeholder="%s")


def _rows(number: str) -> list[tuple[Any, ...]]:
    if not hasattr(_local, "conn"):
        _local.conn, _local.sql = _connect()
    return list(_local.conn.execute(_local.sql, (number,)).fetchall())


def _text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    if environ.get("REQUEST_METHOD") != "GET" or not path.startswith(PREFIX):
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"not found"}']
    rows = _rows(path[len(PREFIX):])
    if len(rows) != 1:
        status = "404 Not Found" if not rows else "409 Conflict"
        start_response(status, [("Content-Type", "application/json")])
        return [b'{"detail":"not exactly one"}']
    (number, status, issued, expires, surveillance, uscc, holder, approval, body,
     code, category, scheme, standard) = rows[0]
    payload = json.dumps({
        "number": number, "status": status,
        "holder": {"uscc": uscc, "name": holder},
        "body": {"approval_number": approval, "name": body},
        "scheme": {"code": code, "category": category, "name": scheme, "standard": standard},
        "issued_on": _text(issued), "expires_on": _text(expires),
        "last_surveillance_on": _text(surveillance),
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(payload)))])
    return [payload]
