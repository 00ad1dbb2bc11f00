"""queries.today(): the local date, remembered only while the clock stays in it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from qualitycert.verification import queries

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_day_changes_at_local_midnight(monkeypatch, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    clock = [dt.datetime(2026, 11, 26, 23, 59, 58, tzinfo=SHANGHAI)]
    monkeypatch.setattr(timezone, "now", lambda: clock[0].astimezone(dt.UTC))
    monkeypatch.setattr(queries.time, "time", lambda: clock[0].timestamp())
    today = queries._Today()
    seen = []
    for seconds in (0, 1, 2, 3, -3, 86400, 86402):
        clock[0] = dt.datetime(2026, 11, 26, 23, 59, 58, tzinfo=SHANGHAI) + dt.timedelta(
            seconds=seconds)
        seen.append(today())
    assert seen == [dt.date(2026, 11, 26), dt.date(2026, 11, 26), dt.date(2026, 11, 27),
                    dt.date(2026, 11, 27), dt.date(2026, 11, 26), dt.date(2026, 11, 27),
                    dt.date(2026, 11, 28)]


def test_an_activated_time_zone_is_honoured(monkeypatch):
    instant = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # 04:00 on the 27th in Shanghai
    monkeypatch.setattr(timezone, "now", lambda: instant)
    monkeypatch.setattr(queries.time, "time", lambda: instant.timestamp())
    today = queries._Today()
    with timezone.override(SHANGHAI):
        assert today() == dt.date(2026, 11, 27)
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert today() == dt.date(2026, 11, 26)


def test_it_agrees_with_localdate():
    assert queries.today() == timezone.localdate()
