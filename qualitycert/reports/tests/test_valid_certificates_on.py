"""`valid_certificates_on(day)`: status from history, period from the dates, and
the `status_changed_on` shortcut agreeing with a plain replay of the events."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from qualitycert.registry import actions
from qualitycert.registry.models import Certificate
from qualitycert.registry.queries import certificates_valid_on as valid_certificates_on
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .conftest import D_PREV, D


def _names(registry, day):
    numbers = set(valid_certificates_on(day).values_list("number", flat=True))
    return {name for name, cert in registry.certs.items() if cert.number in numbers}


def test_year_end_sets_match_the_hand_worked_cases(registry):
    assert _names(registry, D) == registry.valid_2025
    assert _names(registry, D_PREV) == registry.valid_2024


@pytest.mark.parametrize(("name", "day", "valid"), [
    ("withdrawn_on_d", D, False),            # an event on the day itself counts
    ("withdrawn_2026", D, True),             # changed after the day: history says valid
    ("renewed_2025", D_PREV, True),          # old cycle still running before the renewal
    ("expired_late", D, False),              # the expiry job was late; the dates decide
    ("lapsed_unrecorded", D, False),         # no expiry event at all; the dates decide
    ("imported", D_PREV, True),              # no history: valid as issued, within its period
    ("imported", D, False),                  # …and withdrawn from its status_changed_on
    ("future", D, False),
])
def test_single_cases(registry, name, day, valid):
    assert (name in _names(registry, day)) is valid


def test_one_statement_scanning_certificates_once(registry, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(valid_certificates_on(D).values_list("pk", flat=True))


def test_sqlite_plan_scans_instead_of_reading_through_an_index(db):
    """A bare `expires_on >= day` term made SQLite read every row at random
    through an index, several times slower at 1 M certificates than a scan."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner only")
    sql, params = valid_certificates_on(D).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN registry_certificate" in plan
    assert "USING INDEX event_cert_date" in plan  # history only through its index


def _simulate(rng, cert, supervisor, start):
    """Random lifecycle steps through the real actions; returns the timeline
    [(date, status, period_start, period_end)] a plain replay would give.
    Like the daily job, an expiry is recorded the day after the end date
    before any later step."""
    timeline = [(start, "valid", cert.issued_on, cert.expires_on)]
    day = start
    for _ in range(rng.randrange(0, 5)):
        day += dt.timedelta(days=rng.randrange(20, 500))
        status, _, begin, end = timeline[-1]
        if status in ("valid", "suspended") and day > end:
            actions.expire_certificate(cert, actor=as_actor(supervisor), on=end + dt.timedelta(days=1))
            timeline.append((end + dt.timedelta(days=1), "expired", begin, end))
            status = "expired"
        if day > dt.date(2026, 6, 30):
            break
        choices = {"valid": ["suspend", "withdraw", "cancel", "renew"],
                   "suspended": ["restore", "withdraw"], "expired": ["renew"]}.get(status, [])
        if not choices:
            break
        step = rng.choice(choices)
        if step == "renew":
            new_end = dt.date(day.year + 3, day.month, min(day.day, 28)) - dt.timedelta(days=1)
            actions.renew_certificate(cert, issued_on=day, expires_on=new_end, actor=as_actor(supervisor))
            timeline.append((day, "valid", day, new_end))
            continue
        getattr(actions, f"{step}_certificate")(cert, reason="随机测试", actor=as_actor(supervisor), on=day)
        after = {"suspend": "suspended", "restore": "valid", "withdraw": "withdrawn",
                 "cancel": "cancelled"}[step]
        timeline.append((day, after, begin, end))
    return timeline


def _replay_valid(timeline, day):
    state = None
    for when, status, begin, end in timeline:
        if when <= day:
            state = (status, begin, end)
    return state is not None and state[0] == "valid" and state[1] <= day <= state[2]


def test_shortcut_agrees_with_a_replay_of_random_histories(issue, body_a, supervisor):
    rng = random.Random(4754)
    timelines: dict[str, list] = {}
    holder = make_enterprise("随机测试有限公司")
    for n in range(40):
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 2200))
        cert = issue(body_a, holder, f"RND-{n}", issued_on=start)
        timelines[cert.number] = _simulate(rng, cert, supervisor, start)
    days = [dt.date(y, 12, 31) for y in range(2019, 2027)] + [
        dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 2800)) for _ in range(8)]
    for day in days:
        expected = {number for number, tl in timelines.items() if _replay_valid(tl, day)}
        got = set(valid_certificates_on(day).values_list("number", flat=True))
        assert got == expected, day


def test_agrees_with_the_model_method_for_present_state(registry):
    """For certificates changed on or before a day, the answer is the model's own
    is_valid_on(day)."""
    day = dt.date(2026, 2, 1)
    valid = set(valid_certificates_on(day).values_list("pk", flat=True))
    for cert in Certificate.objects.filter(status_changed_on__lte=day):
        assert (cert.pk in valid) is cert.is_valid_on(day), cert.number

