"""Publication deadlines recomputed when the working calendar changes.

The bureau enters the State Council's notice for a year (workcalendar app);
in that same transaction every stored deadline whose count ran over days the
notice can move is counted again, each change audited. Once it commits, the
people concerned with each unpublished result — its team, and whoever
submitted, co-signed or reviewed it — get one e-mail listing their results
whose deadline moved or stopped being provisional.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib.workdays import reach_of
from qualitycert.workcalendar.queries import working_calendar

from ..models import PUBLICATION_WORKING_DAYS, InspectionResult, ResultStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MovedDeadline:
    result_id: int
    label: str
    before: dt.date
    after: dt.date
    provisional: bool
    recipients: tuple[str, ...]


def _window_touches(years: tuple[int, ...]) -> Q:
    """Results whose count (recorded_on, due] meets a day one of these notices may name."""
    touches = Q(pk__in=[])
    for year in years:
        first, last = reach_of(year)
        touches |= Q(recorded_on__lt=last, publication_due_on__gte=first)
    return touches


def _recipients(result: InspectionResult) -> tuple[str, ...]:
    ids: set[int | None] = set(result.selection.team.values_list("inspector__user_id",
                                                                  flat=True))
    ids |= {result.submitted_by_id, result.cosigned_by_id, result.reviewed_by_id}
    emails = (User.objects.filter(pk__in=ids - {None}, is_active=True).exclude(email="")
              .order_by("pk").values_list("email", flat=True))
    return tuple(dict.fromkeys(emails))


def recompute_publication_deadlines(*, years: tuple[int, ...] | None, actor: Actor,
                                    reason: str) -> list[MovedDeadline]:
    """Count again every publication deadline the given notices can move (all
    of them when ``years`` is None); audited, in the caller's transaction."""
    calendar = working_calendar()
    results = InspectionResult.objects.filter(recorded_on__isnull=False,
                                              publication_due_on__isnull=False)
    if years is not None:
        results = results.filter(_window_touches(years))
    moved = []
    with transaction.atomic():
        for result in (results.select_for_update(of=("self",)).select_related("selection__candidate",
                                                                "selection__plan")
                       .order_by("pk")):
            assert result.recorded_on is not None and result.publication_due_on is not None
            deadline = calendar.add_working_days(result.recorded_on, PUBLICATION_WORKING_DAYS)
            old = (result.publication_due_on, result.publication_due_provisional)
            if (deadline.due_on, deadline.provisional) == old:
                continue
            result.publication_due_on = deadline.due_on
            result.publication_due_provisional = deadline.provisional
            result.save(update_fields=["publication_due_on", "publication_due_provisional",
                                       "updated_at"])
            selection = result.selection
            audit_append(action="inspections.result.deadline", object_type="inspections.result",
                         object_id=str(result.pk),
                         object_repr=f"{selection.plan_id}/{selection.candidate.identifier}",
                         actor=actor, reason=reason,
                         before={"publication_due_on": old[0], "publication_due_provisional": old[1]},
                         after={"publication_due_on": deadline.due_on,
                                "publication_due_provisional": deadline.provisional,
                                "waiting_for": list(deadline.missing_years)})
            unpublished = result.status != ResultStatus.PUBLISHED
            moved.append(MovedDeadline(
                result_id=result.pk,
                label=f"{selection.plan.name}：{selection.candidate.name}"
                      f"（{selection.candidate.identifier}）",
                before=old[0], after=deadline.due_on, provisional=deadline.provisional,
                recipients=_recipients(result) if unpublished else ()))
        if moved:
            transaction.on_commit(lambda: notify_moved_deadlines(moved, reason=reason))
    return moved


def compose(items: list[MovedDeadline], *, reason: str) -> tuple[str, str]:
    subject = f"【公示期限变更】{len(items)}项检查结果的公示期限已重新计算"
    lines = [f"因{reason}，以下检查结果的公示期限已按新的放假安排重新计算：", ""]
    for item in items:
        note = "（按法定节假日推算，当年放假安排公布后将重新计算）" if item.provisional else ""
        if item.before == item.after:
            lines.append(f"- {item.label}：仍为 {item.after}{note or '（已按放假安排确认）'}")
        else:
            lines.append(f"- {item.label}：{item.before} → {item.after}{note}")
    lines += ["", f"详情请登录系统查看：{settings.PUBLIC_BASE_URL}/inspections/"]
    return subject, "\n".join(lines)


def notify_moved_deadlines(moved: list[MovedDeadline], *, reason: str) -> int:
    """One e-mail per person, listing their results; returns the e-mails sent.
    A failed send is logged, never raised: the new deadlines are already
    committed and shown on every page."""
    by_recipient: dict[str, list[MovedDeadline]] = defaultdict(list)
    for item in moved:
        for address in item.recipients:
            by_recipient[address].append(item)
    sent = 0
    for address, items in by_recipient.items():
        subject, body = compose(items, reason=reason)
        try:
            send_mail(subject, body, None, [address])
            sent += 1
        except Exception:  # a dead mail server must not break the clerk's request
            logger.exception("could not tell %s about moved deadlines", address)
    return sent


def on_working_calendar_changed(sender: Any, *, years: tuple[int, ...] | None, actor: Actor,
                                reason: str, **kwargs: Any) -> int:
    return len(recompute_publication_deadlines(years=years, actor=actor, reason=reason))
