"""Reads of the working calendar that other apps rely on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from qualitycert.lib.workdays import Arrangement, WorkingCalendar

from .models import ArrangementDay, DayKind, HolidayArrangement

# The State Council publishes next year's notice in the autumn (between
# 25 October and 15 December since 2008); from this day the back office
# reminds the bureau to enter it.
REMINDER_FROM = (11, 1)


def current_arrangements() -> QuerySet[HolidayArrangement]:
    return HolidayArrangement.objects.filter(superseded_at__isnull=True)


def working_calendar() -> WorkingCalendar:
    """The statutory rules plus every notice in force, in one query."""
    off: dict[int, set[dt.date]] = defaultdict(set)
    work: dict[int, set[dt.date]] = defaultdict(set)
    for year, day, kind in (ArrangementDay.objects
                            .filter(arrangement__superseded_at__isnull=True)
                            .values_list("arrangement__year", "day", "kind")):
        (work if kind == DayKind.WORK else off)[year].add(day)
    years = set(current_arrangements().values_list("year", flat=True))
    return WorkingCalendar(Arrangement(y, frozenset(off[y]), frozenset(work[y])) for y in years)


def notices_due(today: dt.date) -> list[int]:
    """The years whose notice the bureau should enter now: this year's while
    it is missing, and from 1 November next year's too."""
    wanted = [today.year]
    if (today.month, today.day) >= REMINDER_FROM:
        wanted.append(today.year + 1)
    have = set(current_arrangements().filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in have]
