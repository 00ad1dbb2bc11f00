"""Lists of days as a clerk types them from a notice, and back.

A notice says "10月1日（周四）至7日（周三）放假调休" and "9月20日（周日）、10月10日
（周六）上班". The back office takes the same thing with whole dates: one day or
one run per item, items separated by new lines, commas, 、 or ；, a run written
``2026-10-01至2026-10-07`` (also ``~``, ``～``, ``—``, ``到``). Dates may be
``2026-10-01``, ``2026/10/1`` or ``2026年10月1日``; full-width digits are fine.

``parse_days`` reports every item it cannot read, not just the first, so one
pass fixes the whole entry. This module is pure Python and must not import Django.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["MAX_RUN_DAYS", "DayListError", "format_days", "parse_days"]

# The longest break a notice has given is 10 days (National Day 2020 ran 8,
# Spring Festival 2020 with its extension 10); a longer run is a typo.
MAX_RUN_DAYS = 31

_DATE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_DATE_RE = re.compile(rf"^{_DATE}$")
_RUN_RE = re.compile(rf"^{_DATE}~{_DATE}$")
_RUN_SIGN = re.compile(r"\s*(?:至|~|—|–|到)\s*")
_SEPARATORS = re.compile(r"[\s,;、]+")


class DayListError(ValueError):
    """Every item that could not be read, one message each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "；".join(self.problems)


def _date(groups: tuple[str, ...]) -> dt.date:
    year, month, day = (int(g) for g in groups)
    return dt.date(year, month, day)


def _item(item: str) -> list[dt.date]:
    run = _RUN_RE.match(item)
    if run:
        first, last = _date(run.groups()[:3]), _date(run.groups()[3:])
        if last < first:
            raise ValueError(f"“{item}”的结束日期早于开始日期")
        if (last - first).days >= MAX_RUN_DAYS:
            raise ValueError(f"“{item}”超过 {MAX_RUN_DAYS} 天，请检查日期")
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    single = _DATE_RE.match(item)
    if single:
        return [_date(single.groups())]
    raise ValueError(f"无法识别“{item}”，日期请写成 2027-01-01，连续几天写成 2027-01-01至2027-01-03")


def parse_days(text: str) -> list[dt.date]:
    """The days ``text`` names, sorted, each once. Raises ``DayListError``."""
    normal = _RUN_SIGN.sub("~", unicodedata.normalize("NFKC", text or ""))
    days: set[dt.date] = set()
    problems = []
    for item in _SEPARATORS.split(normal):
        if not item:
            continue
        try:
            days.update(_item(item))
        except ValueError as exc:
            # dt.date's own message ("day is out of range for month") is English.
            message = str(exc)
            problems.append(message if "“" in message else f"“{item}”不是有效日期")
    if problems:
        raise DayListError(problems)
    return sorted(days)


def format_days(days: Iterable[dt.date]) -> str:
    """One line per run of consecutive days, as ``parse_days`` reads them."""
    lines: list[str] = []
    ordered = sorted(set(days))
    start = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] - ordered[i - 1] != dt.timedelta(days=1):
            first, last = ordered[start], ordered[i - 1]
            # A run longer than parse_days accepts is written as several.
            while first <= last:
                end = min(last, first + dt.timedelta(days=MAX_RUN_DAYS - 1))
                lines.append(first.isoformat() if end == first
                             else f"{first.isoformat()}至{end.isoformat()}")
                first = end + dt.timedelta(days=1)
            start = i
    return "\n".join(lines)
