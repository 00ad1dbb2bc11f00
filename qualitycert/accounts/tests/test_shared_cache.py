"""QC_REDIS_URL points the rate limiter and the login lockout at one shared
count for every worker; without it each process counts alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

PROBE = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
print(settings.CACHES["default"]["BACKEND"])
key = "qc-test-shared-cache"
cache.delete(key)
cache.add(key, 0, 60)
print(cache.incr(key), cache.incr(key))
cache.delete(key)
"""


def probe(**env: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycert.settings",
                               **env}, check=True, timeout=120)
    return done.stdout.split("\n")


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_default_cache_is_per_process():
    env = {k: v for k, v in os.environ.items() if k != "QC_REDIS_URL"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         env={**env, "DJANGO_SETTINGS_MODULE": "qualitycert.settings"},
                         check=True, timeout=120).stdout.split("\n")
    assert out[0] == "django.core.cache.backends.locmem.LocMemCache"
    assert out[1] == "1 2"


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_shares_the_count_between_processes():
    url = "redis://127.0.0.1:6379/15"
    first = probe(QC_REDIS_URL=url)
    assert first[0] == "django.core.cache.backends.redis.RedisCache"
    assert first[1] == "1 2"
    # Another process sees the same store: a value set here is read there.
    subprocess.run([sys.executable, "-c",
                    "import django; django.setup()\n"
                    "from django.core.cache import cache\n"
                    "cache.set('qc-test-handover', 'seen', 60)"],
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycert.settings",
                        "QC_REDIS_URL": url}, check=True, timeout=120)
    read = subprocess.run([sys.executable, "-c",
                           "import django; django.setup()\n"
                           "from django.core.cache import cache\n"
                           "print(cache.get('qc-test-handover')); cache.delete('qc-test-handover')"],
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycert.settings",
                               "QC_REDIS_URL": url}, capture_output=True, text=True,
                          check=True, timeout=120)
    assert read.stdout.strip() == "seen"
