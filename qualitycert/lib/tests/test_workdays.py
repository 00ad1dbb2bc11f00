"""Chinese working days, checked against the State Council's published
arrangements (国办发明电) rather than against the library itself.

Runs without Django: .venv/bin/pytest qualitycert/lib/tests/test_workdays.py -p no:django
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from qualitycert.lib.workdays import (
    UnknownCalendarYear,
    add_working_days,
    add_working_days_estimated,
    is_working_day,
    known_years,
)

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024 National Day: 1–7 October off; Sunday 29 Sept and Saturday 12 Oct worked.
        ("2024-09-29", True),
        ("2024-10-01", False),
        ("2024-10-07", False),
        ("2024-10-08", True),
        ("2024-10-12", True),
        # 2024 Spring Festival: 10–17 February off; Sundays 4 and 18 Feb worked.
        ("2024-02-04", True),
        ("2024-02-10", False),
        ("2024-02-16", False),
        ("2024-02-18", True),
        # An ordinary week.
        ("2024-03-12", True),
        ("2024-03-16", False),
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


def test_add_working_days_across_national_day() -> None:
    # 20 working days from Friday 20 Sept 2024: 23–27 Sept, Sun 29, Mon 30,
    # 8–11 Oct, Sat 12, 14–18 Oct, 21–23 Oct.
    assert add_working_days(D("2024-09-20"), 20) == D("2024-10-23")


def test_add_working_days_small_steps() -> None:
    assert add_working_days(D("2024-09-27"), 1) == D("2024-09-29")  # adjusted Sunday
    assert add_working_days(D("2024-09-30"), 1) == D("2024-10-08")  # over the holiday
    assert add_working_days(D("2024-03-15"), 1) == D("2024-03-18")  # Friday → Monday
    assert add_working_days(D("2024-03-15"), 0) == D("2024-03-15")


def test_datetime_is_accepted() -> None:
    assert add_working_days(dt.datetime(2024, 3, 15, 18, 30), 1) == D("2024-03-18")


def test_unknown_year_is_a_clear_error() -> None:
    last = known_years().stop - 1
    with pytest.raises(UnknownCalendarYear) as info:
        add_working_days(dt.date(last, 12, 20), 20)
    assert info.value.year == last + 1
    assert str(last + 1) in str(info.value)
    assert "holiday data" in str(info.value) and "节假日" in str(info.value)
    with pytest.raises(UnknownCalendarYear):
        is_working_day(dt.date(known_years().start - 1, 6, 1))


def test_unknown_year_fallback_counts_weekdays_and_says_so() -> None:
    future = known_years().stop + 1
    # 1 June of that year: count 10 Monday–Friday days by hand.
    start = dt.date(future, 6, 1)
    expected, count = start, 0
    while count < 10:
        expected += dt.timedelta(days=1)
        if expected.weekday() < 5:
            count += 1
    assert add_working_days(start, 10, fallback=True) == expected
    assert add_working_days_estimated(start, 10) == (expected, True)
    assert add_working_days_estimated(D("2024-09-20"), 20) == (D("2024-10-23"), False)


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_counts(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        add_working_days(D("2024-03-15"), bad)  # type: ignore[arg-type]


def test_not_a_date() -> None:
    with pytest.raises(TypeError):
        is_working_day("2024-03-15")  # type: ignore[arg-type]


def test_module_does_not_import_django() -> None:
    code = (
        "import sys, qualitycert.lib.workdays; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
