"""A Django cache on one SQLite file, shared by every worker process on the
machine: what `make run`'s four gunicorn workers count rate limits and
login failures in when there is no Redis (settings.CACHES["shared"]).

Why not Django's DatabaseCache: its incr() is a read followed by a write, so
two workers counting the same failure at once lose one; here incr() is one
UPDATE ... RETURNING, and add() one INSERT that a unique key refuses, both
atomic in SQLite. The file is separate from the registry's database so that
counting a public lookup never waits behind an import's write lock.

Values are pickled like every Django cache backend's (the file is written
only by this application: the same trust as the database). Expired rows are
removed on write, a few at a time.
"""

from __future__ import annotations

import pickle  # nosec B403 # our own values, in a file only this application writes
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = ("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL, "
          "counter INTEGER, expires REAL NOT NULL)")


class SQLiteCounterCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    # --- connection --------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None,
                                 check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(SCHEMA)
            self._local.db = db
        return db

    def close(self, **kwargs: Any) -> None:
        # Kept open across requests (Django calls close() after each one).
        pass

    def _expiry(self, timeout: Any) -> float:
        """The moment the entry expires (Django's backend timeout is absolute)."""
        at = self.get_backend_timeout(timeout)
        return float("inf") if at is None else float(at)

    # --- the cache API ------------------------------------------------------------------

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute("SELECT value, counter FROM cache WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        if row is None:
            return default
        return row[1] if row[1] is not None else pickle.loads(row[0])  # noqa: S301 # nosec B301

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._write("INSERT OR REPLACE INTO cache (key, value, counter, expires) "
                    "VALUES (?, ?, ?, ?)", key, value, timeout)

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("DELETE FROM cache WHERE key = ? AND expires <= ?", (key, time.time()))
        return self._write("INSERT OR IGNORE INTO cache (key, value, counter, expires) "
                           "VALUES (?, ?, ?, ?)", key, value, timeout) == 1

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "UPDATE cache SET counter = counter + ? WHERE key = ? AND expires > ? "
            "AND counter IS NOT NULL RETURNING counter", (delta, key, time.time())).fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute("UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
                                    (self._expiry(timeout), key, time.time()))
        return cursor.rowcount == 1

    def delete(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.get(key, default=_MISSING, version=version) is not _MISSING

    def clear(self) -> None:
        self._db().execute("DELETE FROM cache")

    # --- helpers ------------------------------------------------------------------------

    def _write(self, sql: str, key: str, value: Any, timeout: Any) -> int:
        counter = value if isinstance(value, int) and not isinstance(value, bool) else None
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        db = self._db()
        now = time.time()
        cursor = db.execute(sql, (key, blob, counter, self._expiry(timeout)))
        # A little housekeeping on each write keeps the file from growing.
        db.execute("DELETE FROM cache WHERE rowid IN "
                   "(SELECT rowid FROM cache WHERE expires <= ? LIMIT 20)", (now,))
        return cursor.rowcount


_MISSING = object()
