from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qualitycert.lib.arrangement_files import NoticeRecord, default_title
from qualitycert.lib.day_lists import parse_days

OFF_2027 = ("2027-01-01至2027-01-03 2027-02-05至2027-02-12 2027-04-03至2027-04-05 "
            "2027-05-01至2027-05-05 2027-06-09 2027-09-15 2027-10-01至2027-10-07")
WORK_2027 = "2027-01-31 2027-02-20 2027-05-08 2027-09-26 2027-10-09"


def notice_2027(**overrides: Any) -> NoticeRecord:
    fields: dict[str, Any] = {
        "year": 2027, "title": default_title(2027), "document_number": "国办发明电〔2026〕9号",
        "published_on": dt.date(2026, 11, 20), "note": "",
        "days_off": frozenset(parse_days(OFF_2027)),
        "working_days": frozenset(parse_days(WORK_2027))}
    fields.update(overrides)
    return NoticeRecord(**fields)


@pytest.fixture
def today(monkeypatch):
    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    set_today(dt.date(2026, 12, 7))
    return set_today
