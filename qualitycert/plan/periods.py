"""Reporting periods as codes: ``2026Q1`` (quarter), ``2026-03`` (month),
``2026`` (year). Pure date arithmetic, no Django."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(\d{4})$")

FREQUENCIES = ("quarterly", "monthly", "yearly")


class PeriodError(ValueError):
    """A code that names no period; callers say so in the screen's language
    (plan.actions), this module being Django-free."""

    def __init__(self, code: str) -> None:
        super().__init__(f"bad period {code!r}: expected 2026Q1, 2026-03 or 2026")
        self.code = code


@dataclass(frozen=True, order=True)
class Period:
    starts_on: dt.date
    ends_on: dt.date
    code: str

    def __str__(self) -> str:
        return self.code

    def due_on(self, due_days: int) -> dt.date:
        return self.ends_on + dt.timedelta(days=due_days)


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def parse_period(code: str) -> Period:
    code = (code or "").strip().upper()
    if m := _QUARTER.match(code):
        year, quarter = int(m.group(1)), int(m.group(2))
        first_month = 3 * quarter - 2
        return Period(dt.date(year, first_month, 1), _month_end(year, first_month + 2), code)
    if m := _MONTH.match(code):
        year, month = int(m.group(1)), int(m.group(2))
        return Period(dt.date(year, month, 1), _month_end(year, month), code)
    if m := _YEAR.match(code):
        year = int(m.group(1))
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), code)
    raise PeriodError(code)


def period_containing(day: dt.date, frequency: str) -> Period:
    if frequency == "quarterly":
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    if frequency == "monthly":
        return parse_period(f"{day.year}-{day.month:02d}")
    if frequency == "yearly":
        return parse_period(f"{day.year}")
    raise ValueError(f"unknown reporting frequency {frequency!r}")


def periods_between(start: dt.date, end: dt.date, frequency: str) -> Iterator[Period]:
    """Every period that overlaps [start, end], in order."""
    if end < start:
        return
    period = period_containing(start, frequency)
    while period.starts_on <= end:
        yield period
        period = period_containing(period.ends_on + dt.timedelta(days=1), frequency)


def is_of_frequency(period: Period, frequency: str) -> bool:
    return period_containing(period.starts_on, frequency) == period
