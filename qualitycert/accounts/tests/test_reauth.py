"""Committing or drawing an inspection plan (published, irreversible) asks
for the password and a code again once the sign-in is older than
QC_REAUTH_SECONDS."""

from __future__ import annotations

import pytest

from qualitycert.accounts import lockout, reauth
from qualitycert.accounts.models import SecurityEvent
from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import code_for


@pytest.fixture
def later(monkeypatch):
    import time

    now = time.time()
    monkeypatch.setattr(reauth, "_clock", lambda: now + 301)


def test_a_stale_sign_in_is_sent_to_reauthenticate(client_for, supervisor, later):
    response = client_for(supervisor).post("/inspections/plans/999/commit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauth/?next=/inspections/plans/999/"


def test_password_and_code_let_the_step_through(client_for, supervisor, monkeypatch):
    client = client_for(supervisor)
    import time

    start = time.time()
    monkeypatch.setattr(reauth, "_clock", lambda: start + 301)
    assert client.post("/inspections/plans/999/draw/").status_code == 302
    done = client.post("/accounts/reauth/", {"password": PASSWORD, "token": code_for(supervisor),
                                             "next": "/inspections/plans/999/draw/"})
    assert done.status_code == 302 and done["Location"] == "/inspections/plans/999/draw/"
    # Now the step itself runs (and answers 404: there is no plan 999).
    assert client.post("/inspections/plans/999/draw/").status_code == 404
    assert SecurityEvent.objects.filter(kind="reauthenticated", username="supervisor").exists()


def test_a_wrong_password_is_refused_and_counted(client_for, supervisor, later):
    client = client_for(supervisor)
    response = client.post("/accounts/reauth/", {"password": "wrong", "token": "123456",
                                                 "next": "/"})
    assert response.status_code == 400 and "密码或验证码不正确" in response.content.decode()
    for _ in range(lockout.MAX_FAILURES - 1):
        client.post("/accounts/reauth/", {"password": "wrong", "token": "1", "next": "/"})
    assert lockout.is_account_locked("supervisor")


def test_the_code_is_required_too(client_for, supervisor, later):
    response = client_for(supervisor).post("/accounts/reauth/", {"password": PASSWORD,
                                                                 "token": "000000"})
    assert response.status_code == 400


def test_publishing_a_credit_model_needs_a_recent_authentication(client_for, supervisor, later):
    response = client_for(supervisor).post("/credit/models/7/publish/", {"reason": "年度"})
    assert response["Location"] == "/accounts/reauth/?next=/credit/models/7/"
