"""Chinese working days: the law's holidays always, each year's notice when given.

Runs without Django: .venv/bin/pytest qualitycert/lib/tests/test_workdays.py -p no:django
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib.arrangement_files import read_notices
from qualitycert.lib.day_lists import parse_days
from qualitycert.lib.statutory_holidays import statutory_days
from qualitycert.lib.workdays import Arrangement, WorkingCalendar, arrangement_errors

D = dt.date.fromisoformat
SHIPPED = Path(__file__).resolve().parents[2] / "workcalendar" / "data" / "arrangements.json"


@cache
def shipped() -> tuple[Arrangement, ...]:
    return tuple(r.arrangement for r in read_notices(SHIPPED.read_bytes(), filename=SHIPPED.name))


def calendar(*, through: int = 2026) -> WorkingCalendar:
    return WorkingCalendar(a for a in shipped() if a.year <= through)


def notice(year: int, off: str, work: str = "") -> Arrangement:
    return Arrangement(year, frozenset(parse_days(off)), frozenset(parse_days(work)))


# An illustrative 2027 notice (not the real one, which is not out as this is
# written): New Year 1–3 January; Spring Festival 5–12 February with Sunday
# 31 January and Saturday 20 February worked.
NOTICE_2027 = notice(2027, "2027-01-01至2027-01-03 2027-02-05至2027-02-12 2027-04-03至2027-04-05 "
                     "2027-05-01至2027-05-05 2027-06-09 2027-09-15 2027-10-01至2027-10-07",
                     "2027-01-31 2027-02-20 2027-05-08 2027-09-26 2027-10-09")


def test_agrees_with_chinese_calendar_on_every_day_of_2019_to_2026() -> None:
    cal, day, differ = calendar(), D("2019-01-01"), []
    while day <= D("2026-12-31"):
        if cal.is_working_day(day) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += dt.timedelta(days=1)
    assert differ == []


def test_agrees_with_chinese_calendar_on_every_shipped_year() -> None:
    cal = calendar()
    for year in range(2004, 2027):
        day = dt.date(year, 1, 1)
        while day.year == year:
            assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
            day += dt.timedelta(days=1)


def test_shipped_notices_are_the_ones_the_law_accepts() -> None:
    assert [a.year for a in shipped()] == list(range(2004, 2027))
    for arrangement in shipped():
        assert arrangement_errors(arrangement) == [], arrangement.year


@pytest.mark.parametrize("day", ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07",
                                 "2027-02-08"])
def test_2027_new_year_and_spring_festival_are_never_working_days(day: str) -> None:
    for cal in (calendar(), WorkingCalendar(), WorkingCalendar([*shipped(), NOTICE_2027])):
        assert cal.is_working_day(D(day)) is False


def test_the_issue_s_deadline_no_longer_counts_new_year_s_day() -> None:
    # 20 working days from Monday 7 December 2026 used to come out as Monday
    # 4 January 2027, counting 1 January 2027 as a working day.
    deadline = calendar().add_working_days(D("2026-12-07"), 20)
    assert deadline.due_on == D("2027-01-05")
    assert deadline.provisional and deadline.missing_years == (2027,)


def test_a_deadline_moves_when_the_year_s_notice_arrives() -> None:
    start = D("2027-01-22")
    before = calendar().add_working_days(start, 20)
    after = WorkingCalendar([*shipped(), NOTICE_2027]).add_working_days(start, 20)
    # Statutory days only: 25 Jan–4 Feb (9), 9–12 Feb (4), 15–19 Feb (5), 22–23 Feb.
    assert before.due_on == D("2027-02-23") and before.missing_years == (2027,)
    # The notice takes 9–12 Feb off and gives back Sun 31 Jan and Sat 20 Feb:
    # two days later.
    assert after.due_on == D("2027-02-25") and not after.provisional


def test_late_december_waits_for_the_next_notice() -> None:
    cal = calendar()
    assert cal.waiting_for(D("2026-12-24")) == ()
    assert cal.waiting_for(D("2026-12-25")) == (2027,)
    assert cal.add_working_days(D("2026-12-10"), 10).due_on == D("2026-12-24")
    assert not cal.add_working_days(D("2026-12-10"), 10).provisional
    assert cal.add_working_days(D("2026-12-10"), 11).missing_years == (2027,)
    assert not cal.add_working_days(D("2026-12-01"), 10).provisional
    # 29 December 2018 was a Saturday worked under the notice for 2019.
    assert calendar().is_working_day(D("2018-12-29"))
    assert not calendar(through=2018).is_working_day(D("2018-12-29"))


def test_small_steps() -> None:
    cal = calendar()
    assert cal.add_working_days(D("2024-09-27"), 1).due_on == D("2024-09-29")  # Sunday worked
    assert cal.add_working_days(D("2024-09-30"), 1).due_on == D("2024-10-08")  # over the break
    assert cal.add_working_days(D("2024-03-15"), 1).due_on == D("2024-03-18")  # Friday → Monday
    assert cal.add_working_days(D("2024-03-15"), 0).due_on == D("2024-03-15")
    assert cal.add_working_days(dt.datetime(2024, 3, 15, 18, 30), 1).due_on == D("2024-03-18")


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_counts(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        calendar().add_working_days(D("2024-03-15"), bad)  # type: ignore[arg-type]


def test_not_a_date() -> None:
    with pytest.raises(TypeError):
        calendar().is_working_day("2024-03-15")  # type: ignore[arg-type]


def test_two_notices_for_one_year_are_refused() -> None:
    with pytest.raises(ValueError, match="2027"):
        WorkingCalendar([NOTICE_2027, NOTICE_2027])


def test_arrangement_errors_name_every_slip() -> None:
    errors = arrangement_errors(notice(
        2027, "2027-01-01至2027-01-03 2028-01-10", "2027-02-03 2027-02-06 2027-01-02"))
    text = "\n".join(errors)
    assert "2028-01-10 不在 2027 年放假安排的范围内" in text
    assert "2027-01-02 既列为放假又列为上班" in text
    assert "2027-02-03 是工作日（星期三）" in text
    assert "2027-02-06 是法定节假日，不能安排上班" in text
    assert "法定节假日 2027-02-05 未列入放假日期" in text
    assert arrangement_errors(NOTICE_2027) == []
    assert arrangement_errors(notice(1999, "1999-10-01")) == ["年份须不早于 2000 年"]


dates = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2031, 12, 31))
counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=150, deadline=None)
@given(dates, counts, st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotone(start: dt.date, n: int, later: int) -> None:
    cal = calendar()
    due = cal.add_working_days(start, n).due_on
    assert cal.add_working_days(start, n + 1).due_on > due
    assert cal.add_working_days(start + dt.timedelta(days=later), n).due_on >= due
    if n:
        assert cal.is_working_day(due)


@settings(max_examples=150, deadline=None)
@given(dates, counts)
def test_a_deadline_counts_exactly_n_working_days(start: dt.date, n: int) -> None:
    cal = calendar()
    due = cal.add_working_days(start, n).due_on
    span = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(cal.is_working_day(d) for d in span) == n


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2000, max_value=2100))
def test_statutory_days_are_never_working_days_without_a_notice(year: int) -> None:
    cal = WorkingCalendar()
    assert not any(cal.is_working_day(d) for d in statutory_days(year))
