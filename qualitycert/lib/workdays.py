"""Chinese working days (工作日): the law's holidays plus each year's notice.

A day is a working day when it is Monday–Friday and not a day off, or a
weekend day worked instead (调休上班). The days off come from two sources:

* the statutory holidays, computed for any year by ``statutory_holidays``
  (the law in force that year) — always applied, so no deadline ever counts
  1 January or the Spring Festival as working days;
* the State Council's yearly notice (放假调休安排), an ``Arrangement``: the
  bridging days off and the weekend days worked. Notices come out each autumn
  for the year after, so they are data the caller passes in (the
  ``workcalendar`` app keeps them), never something this module imports.

A deadline counted over a day whose notice is not known yet is *provisional*:
correct for the statutory holidays, but the notice may still move a day, so
``Deadline.missing_years`` names the notices it waits for and the caller shows
that and recomputes when they arrive. A day is settled by its own year's
notice, and — from 25 December on — by the next year's too: the New Year
break of the next notice has reached back into late December (2006-12-30/31,
2007-12-29/31, 2011-12-31 and 2018-12-29/31 were moved by the notice of the
year after).

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .statutory_holidays import FIRST_YEAR, statutory_days

__all__ = [
    "Arrangement",
    "Deadline",
    "WorkingCalendar",
    "arrangement_errors",
    "reach_of",
]

# From this day of December, the next year's notice may still move a day.
NEXT_NOTICE_FROM = (12, 25)
SATURDAY = 5


def reach_of(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day a notice for ``year`` may name."""
    month, day = NEXT_NOTICE_FROM
    return dt.date(year - 1, month, day), dt.date(year, 12, 31)


@dataclass(frozen=True)
class Arrangement:
    """One year's notice as data: every day it gives off (statutory days and
    weekends inside a break included, as the notice lists its runs) and every
    weekend day it says is worked."""

    year: int
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]


def arrangement_errors(arrangement: Arrangement) -> list[str]:
    """Everything wrong with a notice as entered, in Chinese, one line each;
    empty when it can be kept. Catches the usual slips: a wrong year, a
    weekday typed as a day worked, a statutory day left out of its break."""
    year = arrangement.year
    if year < FIRST_YEAR:
        return [f"年份须不早于 {FIRST_YEAR} 年"]
    errors: list[str] = []
    first, last = reach_of(year)
    for day in sorted(arrangement.days_off | arrangement.working_days):
        if not first <= day <= last:
            errors.append(f"{day} 不在 {year} 年放假安排的范围内（{first} 至 {last}）")
    for day in sorted(arrangement.days_off & arrangement.working_days):
        errors.append(f"{day} 既列为放假又列为上班")
    for day in sorted(arrangement.working_days):
        if day.weekday() < SATURDAY:
            errors.append(f"{day} 是工作日（星期{'一二三四五'[day.weekday()]}），调休上班日应为周六或周日")
        elif day.year >= FIRST_YEAR and day in statutory_days(day.year):
            errors.append(f"{day} 是法定节假日，不能安排上班")
    for day in sorted(statutory_days(year) - arrangement.days_off):
        errors.append(f"法定节假日 {day} 未列入放假日期")
    return errors


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    # Notices (by year) the count ran into without having them.
    missing_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.missing_years)


def _as_date(day: object) -> dt.date:
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    raise TypeError(f"expected a date, got {type(day).__name__}")


class WorkingCalendar:
    """Working days from the statutory rules and the notices given."""

    def __init__(self, arrangements: Iterable[Arrangement] = ()) -> None:
        self._years: set[int] = set()
        # A later year's notice has the last word on a late-December day.
        self._named: dict[dt.date, bool] = {}
        for arrangement in sorted(arrangements, key=lambda a: a.year):
            if arrangement.year in self._years:
                raise ValueError(f"two notices for {arrangement.year}")
            self._years.add(arrangement.year)
            self._named.update(dict.fromkeys(arrangement.days_off, False))
            self._named.update(dict.fromkeys(arrangement.working_days, True))

    @property
    def years(self) -> frozenset[int]:
        return frozenset(self._years)

    def has_arrangement(self, year: int) -> bool:
        return year in self._years

    def waiting_for(self, day: dt.date) -> tuple[int, ...]:
        """The notices that could still move ``day`` and are not known."""
        day = _as_date(day)
        needed = [day.year]
        if (day.month, day.day) >= NEXT_NOTICE_FROM:
            needed.append(day.year + 1)
        return tuple(y for y in needed if y not in self._years)

    def is_working_day(self, day: dt.date) -> bool:
        day = _as_date(day)
        named = self._named.get(day)
        if named is not None:
            return named
        if day in statutory_days(day.year):
            return False
        return day.weekday() < SATURDAY

    def add_working_days(self, start: dt.date, n: int) -> Deadline:
        """The ``n``-th working day after ``start`` (``start`` itself is not
        counted; ``n`` = 0 gives ``start``): a result recorded on a Friday
        with ``n`` = 1 is due the next working day."""
        start = _as_date(start)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be a whole number of working days")
        if n < 0:
            raise ValueError("n must be zero or more working days")
        day, remaining = start, n
        missing: set[int] = set()
        while remaining:
            day += dt.timedelta(days=1)
            missing.update(self.waiting_for(day))
            if self.is_working_day(day):
                remaining -= 1
        return Deadline(day, tuple(sorted(missing)))
