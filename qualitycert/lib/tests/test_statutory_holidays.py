"""The law's holidays, for any year: known dates, the version chosen by year,
and properties over 2000–2100.

Runs without Django: .venv/bin/pytest qualitycert/lib/tests/test_statutory_holidays.py -p no:django
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib.statutory_holidays import (
    FIRST_YEAR,
    VERSIONS,
    Festival,
    UnsupportedYear,
    festival_on,
    qingming,
    rules_for,
    statutory_days,
    statutory_holidays,
)

D = dt.date.fromisoformat


def days_of(year: int, festival: Festival) -> tuple[dt.date, ...]:
    return next(h.days for h in statutory_holidays(year) if h.festival == festival)


@pytest.mark.parametrize(("year", "festival", "expected"), [
    # 2024 text, in force from 2025: the eve and 初一–初三; Labour Day two days.
    (2025, Festival.SPRING_FESTIVAL, ("2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31")),
    (2025, Festival.LABOUR_DAY, ("2025-05-01", "2025-05-02")),
    (2027, Festival.NEW_YEAR, ("2027-01-01",)),
    # 2027: 初一 is Saturday 6 February, so the eve is Friday 5 February.
    (2027, Festival.SPRING_FESTIVAL, ("2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08")),
    (2027, Festival.QINGMING, ("2027-04-05",)),
    (2027, Festival.DRAGON_BOAT, ("2027-06-09",)),
    (2027, Festival.MID_AUTUMN, ("2027-09-15",)),
    (2027, Festival.NATIONAL_DAY, ("2027-10-01", "2027-10-02", "2027-10-03")),
    # 2013 text (2014–2024): 初一–初三, no eve; Labour Day one day.
    (2024, Festival.SPRING_FESTIVAL, ("2024-02-10", "2024-02-11", "2024-02-12")),
    (2024, Festival.LABOUR_DAY, ("2024-05-01",)),
    # 2007 text (2008–2013): the eve, 初一, 初二.
    (2013, Festival.SPRING_FESTIVAL, ("2013-02-09", "2013-02-10", "2013-02-11")),
    # 1999 text (2000–2007): Labour Day three days, no Qingming.
    (2007, Festival.LABOUR_DAY, ("2007-05-01", "2007-05-02", "2007-05-03")),
])
def test_known_days(year: int, festival: Festival, expected: tuple[str, ...]) -> None:
    assert days_of(year, festival) == tuple(D(d) for d in expected)


def test_festivals_before_2008_had_no_qingming_dragon_boat_or_mid_autumn() -> None:
    assert {h.festival for h in statutory_holidays(2007)} == {
        Festival.NEW_YEAR, Festival.SPRING_FESTIVAL, Festival.LABOUR_DAY, Festival.NATIONAL_DAY}
    assert len(statutory_holidays(2008)) == 7


@pytest.mark.parametrize(("year", "decree"), [
    (2000, "国务院令第270号"), (2007, "国务院令第270号"), (2008, "国务院令第513号"),
    (2013, "国务院令第513号"), (2014, "国务院令第644号"), (2024, "国务院令第644号"),
    (2025, "国务院令第795号"), (2100, "国务院令第795号"),
])
def test_the_version_is_the_one_in_force_on_1_january(year: int, decree: str) -> None:
    assert rules_for(year).decree == decree


def test_every_version_takes_effect_on_1_january() -> None:
    # Choosing the text by year is exact only while this holds; an amendment
    # taking effect mid-year would need the choice made per festival.
    assert all((v.effective_from.month, v.effective_from.day) == (1, 1) for v in VERSIONS)
    assert [v.effective_from for v in VERSIONS] == sorted(v.effective_from for v in VERSIONS)


def test_years_before_the_first_text_are_refused() -> None:
    with pytest.raises(UnsupportedYear, match="1999"):
        statutory_holidays(FIRST_YEAR - 1)


def test_mid_autumn_on_national_day_is_one_calendar_day() -> None:
    # 1 October 2020 was both; the law adds no day, the notice made it 8 days.
    assert days_of(2020, Festival.MID_AUTUMN) == (D("2020-10-01"),)
    assert len(statutory_days(2020)) == rules_for(2020).days_per_year - 1
    assert festival_on(D("2020-10-01")) == Festival.NATIONAL_DAY
    assert festival_on(D("2020-10-04")) is None


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_day_is_off_in_chinese_calendar(year: int) -> None:
    for day in statutory_days(year):
        assert not chinese_calendar.is_workday(day), day


@pytest.mark.parametrize("year", range(2008, 2027))
def test_qingming_agrees_with_chinese_calendar(year: int) -> None:
    named = {d for d, name in chinese_calendar.holidays.items()
             if d.year == year and name == "Tomb-sweeping Day"}
    assert qingming(year) in named


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2000, max_value=2100))
def test_each_year_has_the_days_the_law_gives(year: int) -> None:
    rules = rules_for(year)
    holidays = statutory_holidays(year)
    assert sum(len(h.days) for h in holidays) == rules.days_per_year
    if year >= 2025:
        assert rules.days_per_year == 13
    elif year >= 2008:
        assert rules.days_per_year == 11
    for holiday in holidays:
        assert all(d.year == year for d in holiday.days)
        steps = {(b - a).days for a, b in zip(holiday.days, holiday.days[1:], strict=False)}
        assert steps <= {1}, holiday  # each festival's days run on without a gap
    overlap = len(set(days_of(year, Festival.NATIONAL_DAY)) & set(
        days_of(year, Festival.MID_AUTUMN))) if rules.lunar_and_qingming else 0
    assert len(statutory_days(year)) == rules.days_per_year - overlap


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2008, max_value=2100))
def test_festivals_fall_in_their_seasons(year: int) -> None:
    spring = days_of(year, Festival.SPRING_FESTIVAL)
    assert D(f"{year}-01-20") <= spring[0] <= D(f"{year}-02-20")
    assert D(f"{year}-04-04") <= qingming(year) <= D(f"{year}-04-06")
    assert D(f"{year}-05-26") <= days_of(year, Festival.DRAGON_BOAT)[0] <= D(f"{year}-06-26")
    assert D(f"{year}-09-07") <= days_of(year, Festival.MID_AUTUMN)[0] <= D(f"{year}-10-08")


def test_module_does_not_import_django() -> None:
    code = ("import sys, qualitycert.lib.statutory_holidays, qualitycert.lib.workdays, "
            "qualitycert.lib.day_lists, qualitycert.lib.arrangement_files; "
            "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
