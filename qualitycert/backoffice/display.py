"""How the back office shows values that Django's admin would show raw.

The admin localises a DateTimeField it renders itself, but a computed column
or read-only field that returns a datetime is printed with str(): in UTC,
with microseconds (`2026-12-07 00:33:05.223230+00:00` where the audit log
said 08:33). Every such column goes through `local_datetime`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format


def local_datetime(value: dt.datetime | None) -> str:
    """A moment in the site's time zone (settings.TIME_ZONE, Asia/Shanghai),
    to the minute, in the language's own date format; "—" for none."""
    if value is None:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")
