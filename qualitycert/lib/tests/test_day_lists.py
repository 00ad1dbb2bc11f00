"""Day lists as typed from a notice. Runs without Django (-p no:django)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib.day_lists import MAX_RUN_DAYS, DayListError, format_days, parse_days

D = dt.date.fromisoformat


@pytest.mark.parametrize("text", [
    "2026-10-01至2026-10-03",
    "2026-10-01 至 2026-10-03",
    "2026/10/1~2026/10/3",
    "２０２６－１０－０１～２０２６－１０－０３",
    "2026年10月1日到2026年10月3日",
    "2026-10-01、2026-10-02，2026-10-03",
    "2026-10-03\n2026-10-01\n\n2026-10-02\n2026-10-01",
])
def test_spellings_of_the_same_three_days(text: str) -> None:
    assert parse_days(text) == [D("2026-10-01"), D("2026-10-02"), D("2026-10-03")]


def test_empty_is_no_days() -> None:
    assert parse_days("") == [] and parse_days(" \n ，") == []


def test_runs_may_cross_the_new_year() -> None:
    assert parse_days("2018-12-30至2019-01-01") == [D("2018-12-30"), D("2018-12-31"),
                                                    D("2019-01-01")]


def test_every_bad_item_is_reported() -> None:
    with pytest.raises(DayListError) as info:
        parse_days("2026-10-01 2026-02-30 十月一日 2026-10-07至2026-10-01 "
                   "2026-01-01至2026-03-01 <b>x</b>")
    problems = info.value.problems
    assert len(problems) == 5
    assert "“2026-02-30”不是有效日期" in problems
    assert any("十月一日" in p and "无法识别" in p for p in problems)
    assert any("结束日期早于开始日期" in p for p in problems)
    assert any(f"超过 {MAX_RUN_DAYS} 天" in p for p in problems)
    assert any("<b>x</b>" in p for p in problems)  # escaping is the page's job


@given(st.sets(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
               max_size=60))
def test_format_then_parse_gives_the_days_back(days: set[dt.date]) -> None:
    assert parse_days(format_days(days)) == sorted(days)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.integers(min_value=1, max_value=100))
def test_long_runs_are_written_as_runs_parse_days_accepts(first: dt.date, length: int) -> None:
    days = {first + dt.timedelta(days=i) for i in range(length)}
    text = format_days(days)
    assert parse_days(text) == sorted(days)
    assert len(text.splitlines()) == -(-length // MAX_RUN_DAYS)
