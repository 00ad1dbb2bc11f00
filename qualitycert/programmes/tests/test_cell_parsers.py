"""The import's cell parsers take any text a clerk or a file can hold: they
answer a typed value or a CellError, never another exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from qualitycert.programmes.importers import CellError, count, date, decimal, month


@given(st.text())
def test_parsers_answer_a_value_or_a_cell_error(raw):
    for parse in (count, date, decimal, month):
        try:
            value = parse(raw)
        except CellError:
            continue
        assert value is None or isinstance(value, (int, Decimal, dt.date))


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip(n):
    assert count(str(n)) == n


@given(st.dates())
def test_dates_round_trip(day):
    if day.year >= 1000:
        assert date(day.isoformat()) == day


def test_typed_counts_only():
    assert count("１５") == 15  # full-width, as typed
    for bad in ("十五", "15人", "1.5", "-1", "99999999999"):
        try:
            count(bad)
        except CellError:
            continue
        raise AssertionError(bad)
