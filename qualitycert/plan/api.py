"""Public JSON API of the plan (mounted at /api/v1/plan/): the plan is a
published document, and its targets are reported openly."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from qualitycert.api.schemas import ErrorOut, IsoDate

from .models import Comparison, Plan
from .queries import current_plan, published_items
from .targets import compute_targets

router = Router(tags=["plan"])


class WorkItemOut(Schema):
    task_number: int
    task_name: str
    item: int
    content: str
    lead_unit: str
    units: list[str]
    section: str


class TargetOut(Schema):
    code: str
    name: str
    goal: float
    comparison: str
    value: float | None
    unit: str
    as_of: dt.date
    met: bool
    source: str
    indicator: str


def _plan(code: str | None) -> Plan:
    plan = Plan.objects.filter(code=code).first() if code else current_plan()
    if plan is None:
        raise HttpError(404, _("没有此实施方案"))
    return plan


@router.get("/tasks", response={200: list[WorkItemOut], 404: ErrorOut},
            summary="Key tasks, one entry per work item")
def tasks(request: HttpRequest, plan: str | None = None) -> list[WorkItemOut]:
    return [WorkItemOut(**vars(item)) for item in published_items(_plan(plan))]


@router.get("/targets", response={200: list[TargetOut], 400: ErrorOut, 404: ErrorOut},
            summary="Targets against live figures")
def targets(request: HttpRequest, as_of: IsoDate | None = None,
            plan: str | None = None) -> list[TargetOut]:
    day = as_of or timezone.localdate()
    if day > timezone.localdate():
        raise HttpError(400, _("截至日期（as_of）不能晚于今天"))
    return [TargetOut(code=v.code, name=v.name, goal=float(v.goal),
                      comparison=Comparison(v.comparison).symbol,
                      value=None if v.value is None else float(v.value), unit=v.unit,
                      as_of=v.as_of, met=v.met, source=v.source, indicator=v.indicator)
            for v in compute_targets(day, _plan(plan))]
