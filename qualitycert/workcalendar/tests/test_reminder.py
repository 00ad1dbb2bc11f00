"""The yearly reminder on the back-office home."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.testing.actors import as_actor
from qualitycert.workcalendar import actions
from qualitycert.workcalendar.queries import notices_due

from .conftest import notice_2027

pytestmark = pytest.mark.django_db

REMINDER = "请录入2027年放假调休安排"


def home(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("day", "due"), [
    ("2026-10-31", []), ("2026-11-01", [2027]), ("2026-12-31", [2027]),
    ("2027-01-15", [2027]), ("2027-11-01", [2027, 2028]),
])
def test_which_notices_are_due(today, day, due) -> None:
    today(dt.date.fromisoformat(day))
    assert notices_due(dt.date.fromisoformat(day)) == due


@pytest.mark.parametrize("persona", ["supervisor", "admin_user"])
def test_shown_from_1_november_until_entered(request, client_for, persona, today) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    today(dt.date(2026, 10, 31))
    assert REMINDER not in home(client)
    today(dt.date(2026, 11, 1))
    html = home(client)
    assert REMINDER in html and "/admin/workcalendar/holidayarrangement/add/?year=2027" in html
    today(dt.date(2026, 11, 25))
    actions.enter_arrangement(notice_2027(), actor=as_actor(user))
    assert REMINDER not in home(client)


def test_not_shown_to_those_who_cannot_enter(client_for, cb_alice, today) -> None:
    today(dt.date(2026, 11, 20))
    assert REMINDER not in home(client_for(cb_alice))
