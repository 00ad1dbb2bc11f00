import datetime as dt

import pytest

from qualitycert.plan.periods import (
    PeriodError,
    is_of_frequency,
    parse_period,
    period_containing,
    periods_between,
)


def test_quarters_months_and_years():
    q = parse_period("2026q1")
    assert (q.code, q.starts_on, q.ends_on) == ("2026Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert parse_period("2026Q4").ends_on == dt.date(2026, 12, 31)
    assert parse_period("2024-02").ends_on == dt.date(2024, 2, 29)
    assert parse_period("2026").ends_on == dt.date(2026, 12, 31)
    assert q.due_on(10) == dt.date(2026, 4, 10)


@pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "2026-13", "26Q1", "", "2026Q1;", "Q1"])
def test_bad_codes_are_refused(bad):
    with pytest.raises(PeriodError):
        parse_period(bad)


def test_periods_between_and_containing():
    codes = [p.code for p in periods_between(dt.date(2025, 11, 5), dt.date(2026, 4, 1),
                                             "quarterly")]
    assert codes == ["2025Q4", "2026Q1", "2026Q2"]
    assert period_containing(dt.date(2026, 12, 31), "monthly").code == "2026-12"
    assert list(periods_between(dt.date(2026, 2, 1), dt.date(2026, 1, 1), "quarterly")) == []
    assert is_of_frequency(parse_period("2026Q2"), "quarterly")
    assert not is_of_frequency(parse_period("2026-04"), "quarterly")
