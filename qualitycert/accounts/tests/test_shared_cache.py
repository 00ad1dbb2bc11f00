"""QC_REDIS_URL points the rate limiter and the login lockout at one shared
count for every worker; without it each process counts alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest

PROBE = """
from django.conf import settings
from django.core.cache import cache
print(settings.CACHES["default"]["BACKEND"])
key = "qc-test-shared-cache-" + __import__("uuid").uuid4().hex
cache.delete(key)
cache.add(key, 0, 60)
print(cache.incr(key), cache.incr(key))
cache.delete(key)
"""


def run(code: str, **env: str) -> str:
    """`code` in a fresh interpreter with Django set up, under `env` (QC_REDIS_URL
    only as given here)."""
    base = {k: v for k, v in os.environ.items() if k != "QC_REDIS_URL"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                          capture_output=True, text=True, check=True, timeout=120,
                          env={**base, "DJANGO_SETTINGS_MODULE": "qualitycert.settings", **env})
    return done.stdout


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_default_cache_is_per_process():
    out = run(PROBE).split("\n")
    assert out[0] == "django.core.cache.backends.locmem.LocMemCache"
    assert out[1] == "1 2"


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_shares_the_count_between_processes():
    url = "redis://127.0.0.1:6379/15"
    first = run(PROBE, QC_REDIS_URL=url).split("\n")
    assert first[0] == "django.core.cache.backends.redis.RedisCache"
    assert first[1] == "1 2"
    # Another process sees the same store: a value set here is read there.
    # A key of its own: other test runs on this machine may share the Redis db.
    key = f"qc-test-handover-{uuid.uuid4().hex}"
    run(f"from django.core.cache import cache\ncache.set('{key}', 'seen', 60)",
        QC_REDIS_URL=url)
    read = run("from django.core.cache import cache\n"
               f"print(cache.get('{key}')); cache.delete('{key}')",
               QC_REDIS_URL=url)
    assert read.strip() == "seen"


SHARED_PROBE = """
from django.core.cache import caches
shared = caches["shared"]
shared.add("qc-test-shared", 0, 60)
print(shared.incr("qc-test-shared"))
"""


def test_the_default_shared_store_is_one_file_for_every_process(tmp_path):
    """Without Redis the counts of separate processes (make run's workers) add up."""
    env = {"QC_COUNTER_FILE": str(tmp_path / "counters.sqlite3")}
    assert [run(SHARED_PROBE, **env).strip() for _ in range(3)] == ["1", "2", "3"]


def test_the_sqlite_store_behaves_like_a_cache(tmp_path, monkeypatch):
    import time

    from qualitycert.accounts.sharedcache import SQLiteCounterCache

    store = SQLiteCounterCache(str(tmp_path / "c.sqlite3"), {})
    assert store.add("k", 1, 10) and not store.add("k", 5, 10)
    assert store.incr("k", 4) == 5 and store.get("k") == 5
    store.set("obj", {"a": [1, 2]}, 10)
    assert store.get("obj") == {"a": [1, 2]} and store.get_many(["k", "obj", "none"]) == {
        "k": 5, "obj": {"a": [1, 2]}}
    with pytest.raises(ValueError):
        store.incr("missing")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 11)
    assert store.get("k") is None and store.add("k", 7, 10) and store.get("k") == 7
    store.delete_many(["k", "obj"])
    assert store.get("obj") is None
