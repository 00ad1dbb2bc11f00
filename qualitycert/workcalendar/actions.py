"""Entering the State Council's notices: atomic, audited, and in the same
transaction every deadline counted over the notice's days is recomputed (by
whoever keeps one, through ``signals.working_calendar_changed``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib.arrangement_files import NoticeRecord
from qualitycert.lib.day_lists import format_days
from qualitycert.lib.workdays import arrangement_errors

from .access import may_enter_arrangements
from .models import (
    ArrangementDay,
    ArrangementError,
    ArrangementSource,
    DayKind,
    HolidayArrangement,
)
from .queries import current_arrangements
from .signals import working_calendar_changed


@dataclass(frozen=True)
class EntryOutcome:
    notice: HolidayArrangement
    superseded: HolidayArrangement | None
    deadlines_moved: int


def _summary(notice: HolidayArrangement, record: NoticeRecord | None = None) -> dict[str, Any]:
    arrangement = record.arrangement if record is not None else notice.arrangement
    return {"year": notice.year, "title": notice.title,
            "document_number": notice.document_number, "published_on": notice.published_on,
            "note": notice.note, "source": notice.source,
            "days_off": format_days(arrangement.days_off).splitlines(),
            "working_days": [d.isoformat() for d in sorted(arrangement.working_days)]}


def check_notice(record: NoticeRecord) -> None:
    """Everything that keeps a notice from being entered, as one ArrangementError."""
    problems = []
    if not record.document_number.strip():
        problems.append("请填写通知文号")
    if record.published_on is None:
        problems.append("请填写通知发布日期")
    elif record.published_on > timezone.localdate():
        problems.append("发布日期不能晚于今天")
    problems += arrangement_errors(record.arrangement)
    current = current_arrangements().filter(year=record.year).first()
    if current is not None and current.arrangement == record.arrangement \
            and current.document_number == record.document_number:
        problems.append(f"与现行的{current}完全相同，无需重新录入")
    if problems:
        raise ArrangementError(problems)


def recompute_deadlines(*, years: tuple[int, ...] | None, actor: Actor, reason: str) -> int:
    """Ask every keeper of working-day deadlines to recompute those that ``years``'
    notices can move (all of them when ``years`` is None); joins the caller's
    transaction. Returns how many deadlines moved."""
    with transaction.atomic():
        responses = working_calendar_changed.send(sender=HolidayArrangement, years=years,
                                                  actor=actor, reason=reason)
    return sum(int(moved or 0) for _receiver, moved in responses)


def enter_arrangement(record: NoticeRecord, *, actor: Actor,
                      source: ArrangementSource = ArrangementSource.ENTERED) -> EntryOutcome:
    """Keep a year's notice (or its amendment, which supersedes the notice in
    force for that year) and recompute the deadlines it moves."""
    if not may_enter_arrangements(actor):
        raise PermissionDenied("只有局系统管理员和监管人员可以录入放假安排")
    check_notice(record)
    with transaction.atomic():
        current = (HolidayArrangement.objects.select_for_update()
                   .filter(year=record.year, superseded_at__isnull=True).first())
        before = _summary(current) if current is not None else None
        notice = HolidayArrangement(
            year=record.year, title=record.title, document_number=record.document_number,
            published_on=record.published_on, note=record.note, source=source,
            entered_by=actor.person())
        if current is not None:
            # Free the "one current notice per year" slot before taking it.
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at"])
        notice.save()
        ArrangementDay.objects.bulk_create(
            [ArrangementDay(arrangement=notice, day=d, kind=DayKind.OFF)
             for d in sorted(record.days_off)]
            + [ArrangementDay(arrangement=notice, day=d, kind=DayKind.WORK)
               for d in sorted(record.working_days)])
        if current is not None:
            current.superseded_by = notice
            current.save(update_fields=["superseded_by"])
        verb = "amend" if current is not None else "enter"
        reason = f"{record.year}年放假安排（{record.document_number}）" + (
            "修订" if current is not None else "录入")
        audit_append(action=f"workcalendar.arrangement.{verb}",
                     object_type="workcalendar.holidayarrangement", object_id=str(notice.pk),
                     object_repr=str(notice), actor=actor, reason=reason,
                     before=before, after=_summary(notice, record))
        moved = recompute_deadlines(years=(record.year,), actor=actor, reason=reason)
    return EntryOutcome(notice=notice, superseded=current, deadlines_moved=moved)


def import_arrangements(records: list[NoticeRecord], *, actor: Actor) -> list[EntryOutcome]:
    """Every notice of a file, or none: one bad notice rolls back the others."""
    problems: list[str] = []
    for record in records:
        try:
            check_notice(record)
        except ArrangementError as exc:
            problems += [f"{record.year} 年：{p}" for p in exc.problems]
    if problems:
        raise ArrangementError(problems)
    with transaction.atomic():
        return [enter_arrangement(r, actor=actor, source=ArrangementSource.IMPORTED)
                for r in records]
