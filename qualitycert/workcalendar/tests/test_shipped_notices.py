"""The notices a fresh database starts with (data migration 0002)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from qualitycert.workcalendar.models import HolidayArrangement
from qualitycert.workcalendar.queries import working_calendar

pytestmark = pytest.mark.django_db


def test_the_years_chinese_calendar_knows_are_shipped() -> None:
    shipped = HolidayArrangement.objects.filter(source="shipped")
    assert sorted(shipped.values_list("year", flat=True)) == list(range(2004, 2027))
    latest = shipped.get(year=2026)
    assert (latest.document_number, latest.published_on) == ("国办发明电〔2025〕7号",
                                                             dt.date(2025, 11, 4))


def test_the_database_calendar_agrees_with_chinese_calendar_2019_to_2026() -> None:
    calendar, day = working_calendar(), dt.date(2019, 1, 1)
    while day.year <= 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    assert not calendar.has_arrangement(2027)
    assert not calendar.is_working_day(dt.date(2027, 1, 1))
