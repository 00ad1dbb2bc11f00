"""send_plan_reminders (the command and the function): who is reminded, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from qualitycert.plan.models import Department, ReminderLog
from qualitycert.plan.reminders import send_plan_reminders


def test_units_with_outstanding_reports_are_mailed_once_a_day(plan, fgw_user, sfj_user):
    on = timezone.localdate()
    summary = send_plan_reminders(plan, on=on)
    assert set(summary.sent) == {"区发展改革委", "区司法局"}
    assert len(mail.outbox) == 2
    sfj_mail = next(m for m in mail.outbox if m.to == ["sfj_staff@example.org"])
    assert "已逾期" in sfj_mail.subject or "OVERDUE" in sfj_mail.body
    assert "第8项" in sfj_mail.body  # 区司法局 is responsible only for task 8
    assert "第1项" not in sfj_mail.body
    # Units without a mailbox or user are listed, not mailed.
    assert "区公安局" in summary.no_address
    again = send_plan_reminders(plan, on=on)
    assert again.sent == [] and set(again.already_sent_today) == {"区发展改革委", "区司法局"}
    assert len(mail.outbox) == 2
    tomorrow = send_plan_reminders(plan, on=on + dt.timedelta(days=1))
    assert set(tomorrow.sent) == {"区发展改革委", "区司法局"}


def test_filed_reports_are_not_chased(plan, sfj_user, file_report, last_period):
    from qualitycert.plan.queries import ended_periods

    for period in ended_periods(plan, timezone.localdate()):
        file_report(sfj_user, 8, period=period.code)
    summary = send_plan_reminders(plan, on=timezone.localdate())
    assert "区司法局" not in summary.sent
    assert not [m for m in mail.outbox if "sfj_staff@example.org" in m.to]


def test_a_failed_send_can_be_retried(plan, sfj_user, monkeypatch):
    import qualitycert.plan.reminders as reminders

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(OSError):
        send_plan_reminders(plan, on=timezone.localdate())
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert "区司法局" in send_plan_reminders(plan, on=timezone.localdate()).sent


def test_department_mailbox_is_used(plan):
    Department.objects.filter(code="gaj").update(email="gaj@example.org")
    send_plan_reminders(plan, on=timezone.localdate())
    assert any(m.to == ["gaj@example.org"] for m in mail.outbox)


def test_command_dry_run_and_bad_date(plan, sfj_user, capsys):
    call_command("send_plan_reminders", "--dry-run")
    assert "区司法局" in capsys.readouterr().out
    assert mail.outbox == []
    with pytest.raises(CommandError) as error:
        call_command("send_plan_reminders", "--date", "2026-13-01")
    assert error.value.returncode == 2
    call_command("send_plan_reminders")
    assert len(mail.outbox) == 1
