"""Chinese working days (工作日), with the State Council's adjusted days.

A day is a working day when it is Monday–Friday and not a statutory holiday,
or when it is a weekend day the State Council has declared a working day in
lieu (调休上班). The holiday and in-lieu tables come from the
``chinese-calendar`` package, which knows only the years the State Council
has already announced (each December for the year after).

Years the package does not know:

* by default every function here raises ``UnknownCalendarYear``, naming the
  year and the range that is known, so nothing silently guesses a legal
  deadline;
* with ``fallback=True`` a day in an unknown year counts as a working day
  exactly when it is Monday–Friday. The result is then an estimate, and
  ``add_working_days_estimated`` says so. Because holidays only ever remove
  weekdays, the estimate is never later than the real date except where the
  real calendar moves a working day onto a weekend (调休), which is at most a
  few days a year; callers that store such a date should mark it as
  estimated and recompute it when a newer ``chinese-calendar`` knows the year.

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import chinese_calendar

__all__ = [
    "UnknownCalendarYear",
    "add_working_days",
    "add_working_days_estimated",
    "is_working_day",
    "known_years",
]


class UnknownCalendarYear(ValueError):
    """The holiday tables do not cover this year (message in Chinese and English)."""

    def __init__(self, year: int, known: range) -> None:
        super().__init__(year, known)
        self.year = year
        self.known = known

    def __str__(self) -> str:
        first, last = self.known.start, self.known.stop - 1
        return (
            f"节假日数据不包含 {self.year} 年（已知 {first}–{last} 年）"
            f"（no holiday data for {self.year}; known years are {first}–{last}）"
        )


@cache
def known_years() -> range:
    """The years whose holidays and in-lieu working days the tables hold."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def _known(day: dt.date) -> bool:
    return day.year in known_years()


def _as_date(day: object) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    raise TypeError(f"expected a date, got {type(day).__name__}")


def is_working_day(day: dt.date, *, fallback: bool = False) -> bool:
    """True when people in mainland China work on ``day``.

    Raises ``UnknownCalendarYear`` for a year outside ``known_years()``
    unless ``fallback`` is set (then Monday–Friday).
    """
    day = _as_date(day)
    if not _known(day):
        if not fallback:
            raise UnknownCalendarYear(day.year, known_years())
        return day.weekday() < 5
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def add_working_days_estimated(start: dt.date, n: int) -> tuple[dt.date, bool]:
    """The ``n``-th working day after ``start``, and whether any day counted
    lay in a year the tables do not know (so the date is an estimate)."""
    start = _as_date(start)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be a whole number of working days")
    if n < 0:
        raise ValueError("n must be zero or more working days")
    day, estimated, remaining = start, False, n
    while remaining:
        day += dt.timedelta(days=1)
        if not _known(day):
            estimated = True
        if is_working_day(day, fallback=True):
            remaining -= 1
    return day, estimated


def add_working_days(start: dt.date, n: int, *, fallback: bool = False) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself is not
    counted; ``n`` = 0 gives ``start``).

    A result recorded on a Friday with ``n`` = 1 is due the next Monday,
    unless that Monday is a holiday. Raises ``UnknownCalendarYear`` when the
    count runs into a year the tables do not know, unless ``fallback``.
    """
    day, estimated = add_working_days_estimated(start, n)
    if estimated and not fallback:
        # Report the first unknown year the count touched.
        probe = _as_date(start)
        while _known(probe):
            probe += dt.timedelta(days=1)
        raise UnknownCalendarYear(probe.year, known_years())
    return day
