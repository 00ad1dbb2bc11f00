"""TargetSnapshot: the dashboard's past quarter ends are stored, reused, and
recomputed by `snapshot-targets`; today's values are always live."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from qualitycert.plan import snapshots
from qualitycert.plan.models import Target, TargetSnapshot
from qualitycert.plan.targets import quarter_ends
from qualitycert.testing.factories import make_enterprise

URL = "/plan/"
MAIN = "management_system_enterprises"


def dashboard_trend(client) -> dict[str, list]:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 200
    return {t["now"].code: t["history"] for t in response.context["targets"]}


@pytest.fixture
def computed_days(monkeypatch) -> list[dt.date]:
    """The days compute_targets runs for, from the snapshot module."""
    days: list[dt.date] = []
    real = snapshots.compute_targets

    def spy(day, plan=None):  # type: ignore[no-untyped-def]
        days.append(day)
        return real(day, plan)
    monkeypatch.setattr(snapshots, "compute_targets", spy)
    return days


def test_first_view_stores_past_quarter_ends_and_later_views_reuse_them(
        plan, client_for, supervisor, issue, body_a, holder, computed_days):
    issue(body_a, holder, "SNAP-1")
    today = timezone.localdate()
    past = quarter_ends(today, snapshots.TREND_QUARTERS)[:-1]
    client = client_for(supervisor)

    first = dashboard_trend(client)
    assert computed_days == [*past, today]
    n_targets = Target.objects.filter(plan=plan).count()
    assert TargetSnapshot.objects.filter(plan=plan).count() == len(past) * n_targets
    assert set(TargetSnapshot.objects.values_list("as_of", flat=True)) == set(past)

    computed_days.clear()
    second = dashboard_trend(client)
    assert computed_days == [today]  # only today; every past quarter end came from storage
    assert [(v.as_of, v.value, v.met, v.goal, v.source) for v in second[MAIN]] == [
        (v.as_of, v.value, v.met, v.goal, v.source) for v in first[MAIN]]
    assert [v.name for v in second[MAIN]] == [v.name for v in first[MAIN]]


def test_today_is_live_and_the_command_recomputes_a_stale_past_value(
        plan, client_for, supervisor, issue, body_a, holder, capsys):
    issue(body_a, holder, "SNAP-1")
    today = timezone.localdate()
    last_quarter_end = quarter_ends(today, 1)[0]
    client = client_for(supervisor)
    assert [v.value for v in dashboard_trend(client)[MAIN]][-2:] == [1, 1]
    stored_at = TargetSnapshot.objects.get(code=MAIN, as_of=last_quarter_end).computed_at

    # A late registration, back-dated to before the last quarter end.
    issue(body_a, make_enterprise("迟录入测试有限公司"), "SNAP-2",
          issued_on=last_quarter_end - dt.timedelta(days=30))
    trend = dashboard_trend(client)[MAIN]
    assert trend[-1].as_of == today and trend[-1].value == 2  # today: live
    assert trend[-2].value == 1  # the stored past value, stale until the nightly run

    call_command("snapshot_targets")
    assert f"recomputed {snapshots.TREND_QUARTERS} quarter ends" in capsys.readouterr().out
    row = TargetSnapshot.objects.get(code=MAIN, as_of=last_quarter_end)
    assert row.value == Decimal(2) and row.computed_at > stored_at
    assert [v.value for v in dashboard_trend(client)[MAIN]][-2:] == [2, 2]
    assert not TargetSnapshot.objects.filter(as_of=today).exists()


def test_command_options_and_errors(plan):
    today = timezone.localdate()
    call_command("snapshot_targets", "--quarters", "2", "--date", today.isoformat(),
                 "--plan", plan.code)
    assert set(TargetSnapshot.objects.values_list("as_of", flat=True)) == set(
        quarter_ends(today, 2)[:-1])
    for args in (["--quarters", "0"], ["--date", "2026-13-01"], ["--plan", "nope"]):
        with pytest.raises(CommandError) as error:
            call_command("snapshot_targets", *args)
        assert error.value.returncode == 2


def test_a_changed_goal_makes_the_stored_day_stale(plan, computed_days):
    today = timezone.localdate()
    snapshots.refresh(plan, today, 2)
    computed_days.clear()
    snapshots.trend(plan, today, 2)
    assert computed_days == [today]
    Target.objects.filter(plan=plan, code=MAIN).update(goal=Decimal(1))
    computed_days.clear()
    trend = snapshots.trend(plan, today, 2)
    assert computed_days == [*quarter_ends(today, 2)[:-1], today]
    assert all(v.goal == 1 for v in trend[MAIN])


def test_a_stored_day_derives_met_from_the_target(plan, computed_days):
    today = timezone.localdate()
    snapshots.refresh(plan, today, 2)
    target = Target.objects.get(plan=plan, code=MAIN)
    TargetSnapshot.objects.filter(plan=plan, code=MAIN).update(value=target.goal + 1)
    computed_days.clear()
    trend = snapshots.trend(plan, today, 2)
    assert computed_days == [today]  # the past day came from storage
    assert (trend[MAIN][0].value, trend[MAIN][0].met) == (target.goal + 1, True)
