"""With gunicorn's four workers, as `make run` starts them, and no Redis: the
login lockout and the public rate limit count across the workers (the shared
SQLite counter file), so the 6th try after 5 wrong passwords meets the lock
and the 121st anonymous lookup in a minute gets 429."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("gunicorn-var")
    env = {key: value for key, value in os.environ.items()
           if key not in {"QC_REDIS_URL", "DATABASE_URL", "PYTEST_XDIST_WORKER",
                          "QC_COUNTER_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"QC_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "qualitycert.settings",
                "QC_RATE_ANON_PER_MINUTE": "120"})
    subprocess.run([BIN / "qualitycert", "migrate", "--noinput", "-v0"], env=env, check=True,
                   timeout=300)
    subprocess.run([sys.executable, "-c", (
        "import django; django.setup()\n"
        "from qualitycert.accounts.models import User\n"
        "User.objects.create_user('clerk', password='right-password-2026', role='supervisor',"
        " is_staff=True)\n")], env=env, check=True, timeout=120)
    port = _free_port()
    # The command line of `make run` (WORKERS=4, sync workers).
    process = subprocess.Popen(
        [BIN / "gunicorn", "qualitycert.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--worker-class", "sync", "--timeout", "120"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _login(session: requests.Session, base: str, password: str) -> str:
    page = session.get(f"{base}/accounts/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = session.post(f"{base}/accounts/login/", timeout=10, allow_redirects=False,
                            data={"username": "clerk", "password": password,
                                  "csrfmiddlewaretoken": token.group(1)},
                            headers={"Referer": f"{base}/accounts/login/"})
    return f"{response.status_code} {response.text}"


@pytest.mark.slow
def test_lockout_and_rate_limit_count_across_four_workers(server):
    session = requests.Session()
    for _ in range(5):
        assert _login(session, server, "wrong-password").startswith("200")
    sixth = _login(session, server, "right-password-2026")
    assert sixth.startswith("200") and "已被锁定" in sixth

    # A fixed one-minute window: start with at least 20 s of it left.
    while time.time() % 60 > 40:
        time.sleep(1)
    anonymous = requests.Session()
    codes = [anonymous.get(f"{server}/verify/", params={"q": "NO-SUCH-1"}, timeout=10).status_code for _ in range(121)]
    assert codes[:120] == [200] * 120
    assert codes[120] == 429
