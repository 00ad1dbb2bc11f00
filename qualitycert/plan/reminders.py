"""Reminders to units with reports outstanding. Run daily by
`qualitycert send-plan-reminders`; a unit gets at most one e-mail a day, so the
command can be re-run (after a mail failure, or by a nervous operator) safely."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role, User
from qualitycert.audit.chain import append as audit_append

from .models import Department, Plan, ReminderLog
from .queries import Outstanding, outstanding_reports


@dataclass
class ReminderSummary:
    sent: list[str] = field(default_factory=list)
    already_sent_today: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)


def recipients_of(department: Department) -> list[str]:
    addresses = [department.email] if department.email else []
    addresses += (User.objects.filter(role=Role.DEPARTMENT, department=department,
                                      is_active=True).exclude(email="")
                  .order_by("pk").values_list("email", flat=True))
    return list(dict.fromkeys(addresses))


def compose(plan: Plan, department: Department, items: list[Outstanding],
            on: dt.date) -> tuple[str, str]:
    overdue = sum(1 for o in items if o.overdue)
    subject = (f"【进展报告催报 Reminder】{department.name}：{len(items)}份待报送，"
               f"其中{overdue}份已逾期 {len(items)} reports outstanding, {overdue} overdue")
    lines = [f"{department.name}：", "",
             f"根据《{plan.title}》（{plan.document_number}），截至{on}，贵单位以下进展报告尚未报送：",
             f"As of {on}, the following progress reports of your unit are outstanding:", ""]
    for o in items:
        ob = o.obligation
        flag = "【已逾期 OVERDUE】" if o.overdue else ""
        lines.append(f"- {ob.period.code} 第{ob.work_item.task.number}项第{ob.work_item.item}条"
                     f"（{ob.work_item.task.name}）截止 due {ob.due_on} {flag}")
    lines += ["", f"请登录系统填报 Please file them at {settings.PUBLIC_BASE_URL}/plan/reports/"]
    return subject, "\n".join(lines)


def send_plan_reminders(plan: Plan, *, on: dt.date, dry_run: bool = False) -> ReminderSummary:
    summary = ReminderSummary()
    by_unit: dict[int, list[Outstanding]] = defaultdict(list)
    for outstanding in outstanding_reports(plan, on):
        by_unit[outstanding.obligation.department.pk].append(outstanding)
    for items in by_unit.values():
        department = items[0].obligation.department
        recipients = recipients_of(department)
        if not recipients:
            summary.no_address.append(department.name)
            continue
        if ReminderLog.objects.filter(plan=plan, department=department, sent_on=on).exists():
            summary.already_sent_today.append(department.name)
            continue
        if dry_run:
            summary.sent.append(department.name)
            continue
        subject, body = compose(plan, department, items, on)
        missing = [[o.obligation.period.code, o.obligation.work_item.label] for o in items]
        try:
            # The log row, its audit entry and the mail stand or fall together: a
            # failed send rolls the log back, so the next run tries again.
            with transaction.atomic():
                log = ReminderLog.objects.create(plan=plan, department=department, sent_on=on,
                                                 recipients=recipients, missing=missing)
                audit_append(action="plan.reminder.send", object_type="plan.reminderlog",
                             object_id=str(log.pk), object_repr=department.name, actor=Actor.system(),
                             after={"sent_on": on, "recipients": recipients,
                                    "missing": missing})
                send_mail(subject, body, None, recipients)
        except IntegrityError:  # a parallel run got there first
            summary.already_sent_today.append(department.name)
            continue
        summary.sent.append(department.name)
    return summary
