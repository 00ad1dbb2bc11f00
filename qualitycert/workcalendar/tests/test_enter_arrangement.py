"""Entering a notice: audited, superseding, all-or-nothing with the deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor
from qualitycert.workcalendar import actions
from qualitycert.workcalendar.models import ArrangementError, HolidayArrangement
from qualitycert.workcalendar.queries import working_calendar
from qualitycert.workcalendar.signals import working_calendar_changed

from .conftest import notice_2027

pytestmark = pytest.mark.django_db


def test_entering_is_audited_and_the_calendar_knows_the_year(supervisor, today) -> None:
    outcome = actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))
    assert outcome.superseded is None and outcome.notice.entered_by == supervisor
    calendar = working_calendar()
    assert calendar.has_arrangement(2027)
    assert calendar.is_working_day(dt.date(2027, 1, 31))  # Sunday worked
    assert not calendar.is_working_day(dt.date(2027, 2, 12))  # Friday off
    entry = AuditEntry.objects.get(action="workcalendar.arrangement.enter")
    assert entry.actor == supervisor and entry.before is None
    after: dict[str, Any] = entry.after or {}
    assert after["working_days"][0] == "2027-01-31"
    assert "2027-02-05至2027-02-12" in after["days_off"]
    assert first_break() is None


def test_an_amendment_supersedes_and_keeps_the_first(admin_user, supervisor, today) -> None:
    first = actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor)).notice
    amended = notice_2027(document_number="国办发明电〔2027〕1号",
                          working_days=frozenset({dt.date(2027, 2, 20)}))
    outcome = actions.enter_arrangement(amended, actor=as_actor(admin_user))
    first.refresh_from_db()
    assert outcome.superseded == first and first.superseded_by == outcome.notice
    assert not first.is_current and outcome.notice.is_current
    assert HolidayArrangement.objects.filter(year=2027).count() == 2
    assert not working_calendar().is_working_day(dt.date(2027, 1, 31))
    entry = AuditEntry.objects.get(action="workcalendar.arrangement.amend")
    assert (entry.before or {})["document_number"] == "国办发明电〔2026〕9号"


@pytest.mark.parametrize(("change", "message"), [
    ({"document_number": " "}, "请填写通知文号"),
    ({"published_on": None}, "请填写通知发布日期"),
    ({"published_on": dt.date(2026, 12, 8)}, "发布日期不能晚于今天"),
    ({"days_off": frozenset({dt.date(2027, 1, 1)})}, "法定节假日 2027-02-05 未列入放假日期"),
    ({"working_days": frozenset({dt.date(2027, 2, 3)})}, "调休上班日应为周六或周日"),
])
def test_what_cannot_be_kept(supervisor, today, change, message) -> None:
    with pytest.raises(ArrangementError, match=message):
        actions.enter_arrangement(notice_2027(**change), actor=as_actor(supervisor))
    assert not HolidayArrangement.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action__startswith="workcalendar.").exists()


def test_the_same_notice_twice_is_refused(supervisor, today) -> None:
    actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))
    with pytest.raises(ArrangementError, match="完全相同"):
        actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))


@pytest.mark.parametrize("persona", ["cb_alice", "inspector", "dept_user", "enterprise_user"])
def test_only_bureau_staff_enter(request, persona, today) -> None:
    with pytest.raises(PermissionDenied):
        actions.enter_arrangement(notice_2027(), actor=as_actor(request.getfixturevalue(persona)))


def test_a_failing_recompute_undoes_the_entry(supervisor, today) -> None:
    def broken(**kwargs):
        raise RuntimeError("deadline keeper failed")
    working_calendar_changed.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))
    finally:
        working_calendar_changed.disconnect(dispatch_uid="test-broken")
    assert not HolidayArrangement.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action__startswith="workcalendar.").exists()


def test_receivers_get_the_year_and_their_counts_are_summed(supervisor, today) -> None:
    calls = []

    def keeper(*, years, actor, reason, **kwargs):
        calls.append((years, actor, reason))
        return 3
    working_calendar_changed.connect(keeper, dispatch_uid="test-keeper")
    try:
        outcome = actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))
    finally:
        working_calendar_changed.disconnect(dispatch_uid="test-keeper")
    assert calls == [((2027,), as_actor(supervisor), "2027年放假安排（国办发明电〔2026〕9号）录入")]
    assert outcome.deadlines_moved == 3


def test_an_import_is_all_or_nothing(supervisor, today) -> None:
    good = notice_2027()
    bad = notice_2027(year=2028, days_off=frozenset(), document_number="x")
    with pytest.raises(ArrangementError) as info:
        actions.import_arrangements([good, bad], actor=as_actor(supervisor))
    assert any(p.startswith("2028 年：法定节假日") for p in info.value.problems)
    assert not HolidayArrangement.objects.filter(year__gte=2027).exists()
