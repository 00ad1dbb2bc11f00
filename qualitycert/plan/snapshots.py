"""Stored target values at past quarter ends (TargetSnapshot).

The dashboard's trend shows each target at the last eight quarter ends and
today. A past day's value changes only through late or back-dated registry
changes, yet computing it replays history (seconds per day at province scale),
so past quarter ends are read from TargetSnapshot rows, and a day with no
complete set of rows is computed once and stored. Today's values are always
computed live. `qualitycert snapshot-targets` recomputes the stored days
(nightly from cron), so corrections reach the trend by the next morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from .models import Plan, Target, TargetSnapshot
from .targets import TargetValue, compute_targets, quarter_ends

TREND_QUARTERS = 8  # past quarter ends on the dashboard


def store(plan: Plan, values: Iterable[TargetValue]) -> None:
    """Write (or overwrite) one snapshot per value."""
    now = timezone.now()
    rows = [TargetSnapshot(plan=plan, code=v.code, as_of=v.as_of, value=v.value, goal=v.goal,
                           source=v.source, computed_at=now) for v in values]
    # An upsert: two workers storing the same day at once both succeed.
    TargetSnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["plan", "code", "as_of"],
        update_fields=["value", "goal", "source", "computed_at"])


def snapshot(plan: Plan, day: dt.date) -> list[TargetValue]:
    """Compute every target of `plan` on `day` and store the values."""
    values = compute_targets(day, plan)
    store(plan, values)
    return values


def stored(plan: Plan, days: Iterable[dt.date]) -> dict[dt.date, list[TargetValue]]:
    """The days among `days` that have a usable snapshot of every current target
    of `plan` (same goal as now), as TargetValues in the plan's order."""
    targets = list(Target.objects.filter(plan=plan).order_by("position"))
    rows: dict[dt.date, dict[str, TargetSnapshot]] = {}
    for row in TargetSnapshot.objects.filter(plan=plan, as_of__in=list(days)):
        rows.setdefault(row.as_of, {})[row.code] = row
    found = {}
    for day, by_code in rows.items():
        if all(t.code in by_code and by_code[t.code].goal == t.goal for t in targets):
            found[day] = [_value(t, by_code[t.code]) for t in targets]
    return found


def _value(target: Target, row: TargetSnapshot) -> TargetValue:
    # Only rows with the target's current goal are used, so whether the goal
    # was met is derived from the target, as compute_targets does.
    return TargetValue(code=target.code, name=target.name, goal=row.goal,
                       comparison=target.comparison, value=row.value, unit=target.unit,
                       as_of=row.as_of, met=target.is_met(row.value), source=row.source,
                       indicator=target.indicator)


def trend(plan: Plan, today: dt.date, quarters: int) -> dict[str, list[TargetValue]]:
    """Each target's value at the last `quarters` quarter ends (stored, or
    computed and stored when missing) and today (always live)."""
    days = quarter_ends(today, quarters)
    past = stored(plan, [d for d in days if d < today])
    result: dict[str, list[TargetValue]] = {}
    for day in days:
        if day < today:
            values = past.get(day)
            if values is None:
                values = snapshot(plan, day)
        else:
            values = compute_targets(day, plan)
        for value in values:
            result.setdefault(value.code, []).append(value)
    return result


def refresh(plan: Plan, today: dt.date, quarters: int) -> list[dt.date]:
    """Recompute and store the last `quarters` quarter ends before `today`."""
    days = [d for d in quarter_ends(today, quarters) if d < today]
    for day in days:
        snapshot(plan, day)
    return days
