"""A signed-in session ends after 30 idle minutes and 12 hours after its login
(等保 level 3: 登录连接超时自动退出), checked by the server with the clock
travelled forward."""

from __future__ import annotations

import pytest

from qualitycert.accounts import middleware
from qualitycert.accounts.models import SecurityEvent

T0 = 1_900_000_000.0


@pytest.fixture
def clock(monkeypatch):
    now = {"t": T0}
    monkeypatch.setattr(middleware, "_clock", lambda: now["t"])
    return now


def test_an_idle_session_is_logged_out_after_the_timeout(client_for, supervisor, clock):
    client = client_for(supervisor)
    assert client.get("/admin/").status_code == 200
    clock["t"] += 29 * 60
    assert client.get("/admin/").status_code == 200
    clock["t"] += 31 * 60
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # Logged out for good, not only for that request.
    assert client.get("/plan/overdue/")["Location"].startswith("/accounts/login/")
    assert SecurityEvent.objects.filter(kind="session_expired", username="supervisor",
                                        detail__reason="idle").exists()


def test_activity_keeps_a_session_until_its_lifetime(client_for, supervisor, clock):
    client = client_for(supervisor)
    client.get("/admin/")
    for _ in range(23):  # every 29 minutes: never idle, 11 h 7 min in all
        clock["t"] += 29 * 60
        assert client.get("/admin/").status_code == 200
    clock["t"] += 29 * 60  # 11 h 36 min
    assert client.get("/admin/").status_code == 200
    clock["t"] += 29 * 60  # past 12 h
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    assert SecurityEvent.objects.filter(kind="session_expired",
                                        detail__reason="lifetime").exists()


def test_the_timeout_is_a_setting(client_for, supervisor, clock, settings):
    settings.QC_SESSION_IDLE_MINUTES = 5
    client = client_for(supervisor)
    client.get("/admin/")
    clock["t"] += 6 * 60
    assert client.get("/admin/").status_code == 302


def test_the_api_answers_401_json_when_the_session_expired(client_for, supervisor, clock):
    client = client_for(supervisor)
    client.get("/admin/")
    clock["t"] += 31 * 60
    response = client.get("/api/v1/certificates?q=x")
    assert response.status_code == 401 and response.json() == {"detail": "session expired"}


def test_anonymous_visitors_are_untouched(client, db, clock):
    assert client.get("/verify/").status_code == 200
    clock["t"] += 24 * 3600
    assert client.get("/verify/").status_code == 200
