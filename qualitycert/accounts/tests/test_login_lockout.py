"""Five failed logins lock a username+address for fifteen minutes, on the
site's login page and on the back office's alike."""

import pytest
from django.core.cache import caches

from qualitycert.accounts import lockout
from qualitycert.testing.fixtures import PASSWORD

PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def _login(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


def _fail(client, url, times, username="supervisor", address="10.0.0.1"):
    for _ in range(times):
        response = _login(client, url, username, "wrong-password", address)
        assert response.status_code == 200
    return response


@pytest.mark.parametrize("url", PAGES)
def test_five_failures_lock_even_the_right_password_out(client, supervisor, url):
    fifth = _fail(client, url, 5)
    assert "已被锁定15分钟" in fifth.content.decode()
    response = _login(client, url, "supervisor", PASSWORD)
    assert response.status_code == 200
    assert "已被锁定15分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", PAGES)
def test_four_failures_then_the_right_password_logs_in(client, supervisor, url):
    _fail(client, url, 4)
    response = _login(client, url, "supervisor", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supervisor.pk)


def test_success_resets_the_count(client, supervisor):
    _fail(client, PAGES[0], 4)
    assert _login(client, PAGES[0], "supervisor", PASSWORD).status_code == 302
    client.logout()
    _fail(client, PAGES[0], 4)
    assert _login(client, PAGES[0], "supervisor", PASSWORD).status_code == 302


def test_the_lock_holds_the_account_from_every_address(client, supervisor):
    _fail(client, PAGES[0], 5, address="10.0.0.1")
    response = _login(client, PAGES[0], "supervisor", PASSWORD, "10.0.0.2")
    assert response.status_code == 200 and "已被锁定" in response.content.decode()


def test_many_failures_from_one_address_lock_the_address(client, supervisor, inspector,
                                                         settings):
    settings.QC_LOCKOUT_ADDRESS_FAILURES = 6
    for n in range(3):
        _fail(client, PAGES[0], 2, username=f"guess{n}", address="10.9.9.9")
    assert "已被锁定" in _login(client, PAGES[0], "inspector", PASSWORD,
                                "10.9.9.9").content.decode()
    assert _login(client, PAGES[0], "inspector", PASSWORD, "10.0.0.3").status_code == 302


def test_the_lock_is_per_username(client, supervisor, inspector):
    _fail(client, PAGES[0], 5, username="supervisor")
    assert _login(client, PAGES[0], "inspector", PASSWORD).status_code == 302


def test_failures_on_both_pages_add_up(client, supervisor):
    _fail(client, PAGES[0], 3)
    _fail(client, PAGES[1], 2)
    assert "已被锁定" in _login(client, PAGES[0], "supervisor", PASSWORD).content.decode()


def test_username_case_does_not_escape_the_lock(client, supervisor):
    _fail(client, PAGES[0], 5, username="Supervisor")
    assert lockout.is_locked("supervisor", "10.0.0.1")


def test_the_lock_ends_after_fifteen_minutes(client, supervisor, monkeypatch):
    import time

    _fail(client, PAGES[0], 5)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + lockout.LOCK_SECONDS + 1)
    assert _login(client, PAGES[0], "supervisor", PASSWORD).status_code == 302


def test_a_trusted_proxy_header_names_the_client(rf, settings):
    settings.QC_RATE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = rf.get("/", HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert lockout.client_address(request) == "203.0.113.9"


def test_forwarded_for_is_not_trusted_by_default(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert lockout.client_address(request) == "127.0.0.1"


def test_backend_refuses_a_locked_account_from_every_address(rf, supervisor, settings):
    from django.contrib.auth import authenticate

    settings.AUTHENTICATION_BACKENDS = ["qualitycert.accounts.backends.LockoutModelBackend"]
    request = rf.post("/", REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        assert authenticate(request, username="supervisor", password="nope") is None
    assert authenticate(request, username="supervisor", password=PASSWORD) is None
    other = rf.post("/", REMOTE_ADDR="10.0.0.10")
    assert authenticate(other, username="supervisor", password=PASSWORD) is None
    lockout.unlock_account("supervisor")
    assert authenticate(other, username="supervisor", password=PASSWORD) == supervisor
