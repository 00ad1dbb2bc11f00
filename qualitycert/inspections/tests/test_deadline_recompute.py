"""Publication deadlines before and after the year's notice is entered: the
acceptance test of issue 17, walked through the real pages and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions
from qualitycert.inspections.actions.deadlines import compose
from qualitycert.inspections.models import InspectionResult
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
NOTE = "按法定节假日推算，当年放假安排公布后将重新计算"
NOTICE_2027 = {
    "year": "2027", "document_number": "国办发明电〔2026〕9号", "published_on": "2026-11-20",
    "title": "", "note": "",
    "days_off": "2027-01-01至2027-01-03\n2027-02-05至2027-02-12\n2027-04-03至2027-04-05\n"
                "2027-05-01至2027-05-05\n2027-06-09\n2027-09-15\n2027-10-01至2027-10-07",
    "working_days": "2027-01-31\n2027-02-20\n2027-05-08\n2027-09-26\n2027-10-09",
}


@pytest.fixture
def today(monkeypatch):
    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return set_today


@pytest.fixture
def submitted(selection, inspector, partner, today):
    inspector.email, partner.email = "li@example.cn", "zhou@example.cn"
    inspector.save(), partner.save()
    today(D("2027-01-22"))
    result = actions.save_result(selection, category="no_problem", findings="良好",
                                 rectification_deadline=None, actor=as_actor(inspector))
    return actions.cosign_result(actions.submit_result(result, actor=as_actor(inspector)), actor=as_actor(partner))


def pages(client_for, supervisor, inspector, result) -> list[str]:
    return [client_for(supervisor).get(reverse("inspections:review_result", args=[result.pk])),
            client_for(supervisor).get(reverse("inspections:review_queue")),
            client_for(inspector).get(reverse("inspections:my_assignment",
                                              args=[result.selection_id])),
            client_for(supervisor).get("/admin/inspections/inspectionresult/")]


def test_entering_the_notice_moves_the_deadline_and_drops_the_flag(
        submitted, client_for, supervisor, inspector, django_capture_on_commit_callbacks):
    # Before: statutory holidays only (5–8 February), flagged on every page.
    assert (submitted.publication_due_on, submitted.publication_due_provisional) == (
        D("2027-02-23"), True)
    for page in pages(client_for, supervisor, inspector, submitted):
        assert page.status_code == 200 and NOTE in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post("/admin/workcalendar/holidayarrangement/add/",
                                               NOTICE_2027)
    assert response.status_code == 302, response.content.decode()

    # After: 9–12 February off, Sunday 31 January and Saturday 20 February worked.
    result = InspectionResult.objects.get(pk=submitted.pk)
    assert (result.publication_due_on, result.publication_due_provisional) == (
        D("2027-02-25"), False)
    for page in pages(client_for, supervisor, inspector, result):
        assert page.status_code == 200 and NOTE not in page.content.decode()
    entry = AuditEntry.objects.get(action="inspections.result.deadline")
    assert entry.before == {"publication_due_on": "2027-02-23", "publication_due_provisional": True}
    assert entry.after["publication_due_on"] == "2027-02-25" and entry.actor == supervisor
    assert "2027年放假安排（国办发明电〔2026〕9号）录入" in entry.reason
    assert sorted(m.to[0] for m in mail.outbox) == ["li@example.cn", "zhou@example.cn"]
    assert "2027-02-23 → 2027-02-25" in mail.outbox[0].body
    assert first_break() is None


def test_an_amendment_moves_it_again_and_published_results_tell_nobody(
        submitted, client_for, supervisor, inspector, django_capture_on_commit_callbacks):
    client_for(supervisor).post("/admin/workcalendar/holidayarrangement/add/", NOTICE_2027)
    actions.publish_result(actions.accept_result(submitted, actor=as_actor(supervisor)), actor=as_actor(supervisor))
    amended = dict(NOTICE_2027, document_number="国办发明电〔2027〕1号",
                   working_days="2027-02-20\n2027-05-08\n2027-09-26\n2027-10-09")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(
            "/admin/workcalendar/holidayarrangement/add/", amended)
    assert response.status_code == 302
    assert InspectionResult.objects.get(pk=submitted.pk).publication_due_on == D("2027-02-26")
    assert mail.outbox == []  # published already: the date matters for the record only
    assert AuditEntry.objects.filter(action="workcalendar.arrangement.amend").count() == 1


def test_results_whose_count_misses_the_notice_are_left_alone(
        submitted, client_for, supervisor):
    InspectionResult.objects.filter(pk=submitted.pk).update(
        recorded_on=D("2026-03-02"), publication_due_on=D("2026-03-30"))
    client_for(supervisor).post("/admin/workcalendar/holidayarrangement/add/", NOTICE_2027)
    assert not AuditEntry.objects.filter(action="inspections.result.deadline").exists()


def test_recompute_command_fixes_monday_to_friday_estimates(submitted, supervisor, capsys):
    # The case, as stored by the old fallback: recorded Monday
    # 7 December 2026, "due" Monday 4 January 2027 counting New Year's Day.
    InspectionResult.objects.filter(pk=submitted.pk).update(
        recorded_on=D("2026-12-07"), publication_due_on=D("2027-01-04"),
        publication_due_provisional=True)
    call_command("recompute_deadlines", "--signer", supervisor.username)
    result = InspectionResult.objects.get(pk=submitted.pk)
    assert (result.publication_due_on, result.publication_due_provisional) == (
        D("2027-01-05"), True)
    assert "1 个期限已重新计算" in capsys.readouterr().out
    assert AuditEntry.objects.get(action="inspections.result.deadline").reason == \
        "工作日规则更新后全部重新计算"


def test_the_notice_says_when_only_the_flag_went() -> None:
    same = actions.MovedDeadline(result_id=1, label="计划：甲公司（X）", before=D("2027-01-05"),
                                 after=D("2027-01-05"), provisional=False, recipients=("a@b.cn",))
    subject, body = compose([same], reason="2027年放假安排（国办发明电〔2026〕9号）录入")
    assert "1项检查结果" in subject
    assert "- 计划：甲公司（X）：仍为 2027-01-05（已按放假安排确认）" in body
