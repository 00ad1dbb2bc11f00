"""Statutory public holidays (全体公民放假的节日) for any year, by the law in force.

《全国年节及纪念日放假办法》 names the festivals and how many days each one
gives; the State Council's yearly notice (放假调休安排, see ``workdays``) then
adds bridging days off and the weekend days worked instead. This module knows
only the law, so it answers for any year, including years whose notice has not
been published.

The text has been amended four times. Each version applies to whole years,
chosen by the year: a year follows the version in force on 1 January of that
year. Every amendment since 1999 took effect on 1 January (2008, 2014, 2025),
so this is exactly the law; the 1999 text took effect on 18 September 1999,
which is why years before 2000 are refused rather than half-answered.

=========  ==========================  =====================================
from       decree                      what changed
=========  ==========================  =====================================
2000       国务院令第270号 (1999)        New Year 1, Spring Festival 初一–初三,
                                       Labour Day 1–3 May, National Day 1–3 Oct
2008       国务院令第513号 (2007)        + Qingming, Dragon Boat, Mid-Autumn (1 day
                                       each); Spring Festival 除夕–初二;
                                       Labour Day 1 May only
2014       国务院令第644号 (2013)        Spring Festival back to 初一–初三
2025       国务院令第795号 (2024)        Spring Festival 除夕–初三 (4 days);
                                       Labour Day 1–2 May
=========  ==========================  =====================================

The lunar dates (Spring Festival, Dragon Boat, Mid-Autumn) and the solar term
Qingming come from ``lunar_python`` (pure Python, MIT; docs/decisions/0008),
which computes them astronomically for Beijing time rather than from a table
that ends.

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from lunar_python import Lunar, Solar

__all__ = [
    "FIRST_YEAR",
    "Festival",
    "RulesVersion",
    "StatutoryHoliday",
    "UnsupportedYear",
    "rules_for",
    "statutory_days",
    "statutory_holidays",
]

FIRST_YEAR = 2000


class UnsupportedYear(ValueError):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return f"不支持 {FIRST_YEAR} 年以前的节假日：{self.year} 年"


class Festival(StrEnum):
    NEW_YEAR = "new_year"
    SPRING_FESTIVAL = "spring_festival"
    QINGMING = "qingming"
    LABOUR_DAY = "labour_day"
    DRAGON_BOAT = "dragon_boat"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"

    @property
    def chinese(self) -> str:
        return _CHINESE[self]


_CHINESE = {
    Festival.NEW_YEAR: "元旦", Festival.SPRING_FESTIVAL: "春节", Festival.QINGMING: "清明节",
    Festival.LABOUR_DAY: "劳动节", Festival.DRAGON_BOAT: "端午节",
    Festival.MID_AUTUMN: "中秋节", Festival.NATIONAL_DAY: "国庆节",
}


@dataclass(frozen=True)
class RulesVersion:
    """One text of the law. ``spring_festival_from_eve``: the holiday begins on
    除夕 (the last day of the twelfth lunar month) rather than on 初一."""

    effective_from: dt.date
    decree: str
    spring_festival_days: int
    spring_festival_from_eve: bool
    labour_days: int
    lunar_and_qingming: bool  # Qingming, Dragon Boat and Mid-Autumn are holidays

    @property
    def days_per_year(self) -> int:
        """Holiday days the law gives, counted per festival (a Mid-Autumn that
        falls on 1–3 October is counted twice here and is one day on the calendar)."""
        return 1 + self.spring_festival_days + self.labour_days + 3 + (
            3 if self.lunar_and_qingming else 0)


VERSIONS = (
    RulesVersion(dt.date(2000, 1, 1), "国务院令第270号", 3, False, 3, False),
    RulesVersion(dt.date(2008, 1, 1), "国务院令第513号", 3, True, 1, True),
    RulesVersion(dt.date(2014, 1, 1), "国务院令第644号", 3, False, 1, True),
    RulesVersion(dt.date(2025, 1, 1), "国务院令第795号", 4, True, 2, True),
)


@dataclass(frozen=True)
class StatutoryHoliday:
    festival: Festival
    days: tuple[dt.date, ...]


def rules_for(year: int) -> RulesVersion:
    """The text in force on 1 January of ``year``."""
    if year < FIRST_YEAR:
        raise UnsupportedYear(year)
    first_day = dt.date(year, 1, 1)
    return [v for v in VERSIONS if v.effective_from <= first_day][-1]


def _date(solar: Solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar(year: int, month: int, day: int) -> dt.date:
    # Months here are never leap months: lunar_python marks those negative.
    return _date(Lunar.fromYmd(year, month, day).getSolar())


def qingming(year: int) -> dt.date:
    """The day of the solar term 清明 (the sun at 15°), Beijing time: 4–6 April.
    Asked from mid-April so the lunar year's table is the one holding it."""
    return _date(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"])


def _run(first: dt.date, days: int) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=i) for i in range(days))


@cache
def statutory_holidays(year: int) -> tuple[StatutoryHoliday, ...]:
    """Every festival of ``year`` with its statutory days, in calendar order."""
    rules = rules_for(year)
    new_year = dt.date(year, 1, 1)
    first_day = _lunar(year, 1, 1)
    spring_start = first_day - dt.timedelta(days=1) if rules.spring_festival_from_eve else first_day
    holidays = [
        StatutoryHoliday(Festival.NEW_YEAR, (new_year,)),
        StatutoryHoliday(Festival.SPRING_FESTIVAL, _run(spring_start, rules.spring_festival_days)),
        StatutoryHoliday(Festival.LABOUR_DAY, _run(dt.date(year, 5, 1), rules.labour_days)),
        StatutoryHoliday(Festival.NATIONAL_DAY, _run(dt.date(year, 10, 1), 3)),
    ]
    if rules.lunar_and_qingming:
        holidays += [
            StatutoryHoliday(Festival.QINGMING, (qingming(year),)),
            StatutoryHoliday(Festival.DRAGON_BOAT, (_lunar(year, 5, 5),)),
            StatutoryHoliday(Festival.MID_AUTUMN, (_lunar(year, 8, 15),)),
        ]
    return tuple(sorted(holidays, key=lambda h: h.days[0]))


@cache
def statutory_days(year: int) -> frozenset[dt.date]:
    """The days of ``year`` that are statutory holidays, whatever the weekday."""
    return frozenset(day for holiday in statutory_holidays(year) for day in holiday.days)


def festival_on(day: dt.date) -> Festival | None:
    """The festival whose statutory day ``day`` is (National Day wins a tie with
    Mid-Autumn, as the notices name the run after it)."""
    found = [h.festival for h in statutory_holidays(day.year) if day in h.days]
    if Festival.NATIONAL_DAY in found:
        return Festival.NATIONAL_DAY
    return found[0] if found else None


def describe(year: int) -> str:
    """The year's statutory days in one line, as a clerk checks a notice against them."""
    parts = []
    for holiday in statutory_holidays(year):
        first, last = holiday.days[0], holiday.days[-1]
        span = first.isoformat() if first == last else f"{first.isoformat()}至{last.isoformat()}"
        parts.append(f"{holiday.festival.chinese} {span}")
    return "；".join(parts)
