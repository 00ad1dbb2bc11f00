"""Public JSON API of the programmes: each task's indicators (mounted under
/api/v1/plan/, beside the plan's own tasks and targets) and the programme
counts (/api/v1/programmes/). The plan is a published document, so both are
open to everyone; internal notes never appear here."""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from qualitycert.api.schemas import ErrorOut, IsoDate
from qualitycert.plan.models import Task
from qualitycert.plan.queries import current_plan

from .indicators import IndicatorValue, public_programme_counts, public_task_indicators

plan_router = Router(tags=["plan"])
router = Router(tags=["programmes"])

# A task by its number ("7") or one of its work items ("3-2").
TASK_CODE = re.compile(r"^(\d{1,3})(?:-(\d{1,2}))?$")


class IndicatorOut(Schema):
    code: str
    name: str
    value: float | None
    unit: str
    source: str
    as_of: dt.date


class TaskIndicatorsOut(Schema):
    task_number: int
    task_name: str
    as_of: dt.date
    indicators: list[IndicatorOut]


class ProgrammeOut(Schema):
    code: str
    name: str
    tasks: list[int]
    indicators: list[IndicatorOut]


def _out(value: IndicatorValue) -> IndicatorOut:
    return IndicatorOut(code=value.code, name=value.name,
                        value=None if value.value is None else float(value.value),
                        unit=value.unit, source=value.source, as_of=value.as_of)


# The plan's records start long after this; earlier days have nothing to count.
EARLIEST = dt.date(2000, 1, 1)


def _day(as_of: dt.date | None) -> dt.date:
    today = timezone.localdate()
    day = as_of or today
    if day > today:
        raise HttpError(400, _("截至日期（as_of）不能晚于今天"))
    if day < EARLIEST:
        raise HttpError(400, _("截至日期（as_of）不能早于%(earliest)s") % {"earliest": EARLIEST})
    return day


@plan_router.get("/tasks/{code}/indicators",
                 response={200: TaskIndicatorsOut, 400: ErrorOut, 404: ErrorOut},
                 summary="A task's indicators with their sources")
def indicators(request: HttpRequest, code: str, as_of: IsoDate | None = None
               ) -> TaskIndicatorsOut:
    match = TASK_CODE.match(code)
    if match is None:
        raise HttpError(404, _("没有此任务（任务编号如 7 或 3-2）"))
    plan = current_plan()
    number = int(match.group(1))
    task = Task.objects.filter(plan=plan, number=number).first() if plan else None
    if task is None or (match.group(2) and not task.items.filter(
            item=int(match.group(2))).exists()):
        raise HttpError(404, _("没有此任务"))
    day = _day(as_of)
    return TaskIndicatorsOut(task_number=task.number, task_name=task.name, as_of=day,
                             indicators=[_out(v) for v in public_task_indicators(task.number, day)])


@router.get("/", response={200: list[ProgrammeOut], 400: ErrorOut},
            summary="The programmes' counts")
def programmes(request: HttpRequest, as_of: IsoDate | None = None) -> list[ProgrammeOut]:
    day = _day(as_of)
    return [ProgrammeOut(code=p.code, name=p.name, tasks=list(p.tasks),
                         indicators=[_out(v) for v in p.indicators])
            for p in public_programme_counts(day)]
