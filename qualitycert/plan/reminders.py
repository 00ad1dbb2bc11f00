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
from django.utils.translation import gettext as _

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
    subject = _("【进展报告催报】%(unit)s：%(n)s份待报送，其中%(overdue)s份已逾期") % {
        "unit": department.name, "n": len(items), "overdue": overdue}
    lines = [f"{department.name}：", "",
             _("根据《%(title)s》（%(number)s），截至%(on)s，贵单位以下进展报告尚未报送：") % {
                 "title": plan.title, "number": plan.document_number, "on": on}, ""]
    for o in items:
        ob = o.obligation
        flag = _("【已逾期】") if o.overdue else ""
        lines.append(_("- %(period)s 第%(task)s项第%(item)s条（%(name)s）截止 %(due)s %(flag)s") % {
            "period": ob.period.code, "task": ob.work_item.task.number,
            "item": ob.work_item.item, "name": ob.work_item.task.name, "due": ob.due_on,
            "flag": flag})
    lines += ["", _("请登录系统填报：%(url)s") % {
        "url": f"{settings.PUBLIC_BASE_URL}/plan/reports/"}]
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
