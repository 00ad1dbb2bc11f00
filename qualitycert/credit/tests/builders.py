"""Helpers for the credit tests: planted facts and a published model."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

from qualitycert.accounts.actor import Actor
from qualitycert.credit import actions
from qualitycert.credit.default_model import DEFAULT_SPEC
from qualitycert.credit.models import Fact, FactSource, GradingModel

_serial = itertools.count(1)
AS_OF = dt.date(2026, 6, 30)


def plant(enterprise: Any, kind: str, on: dt.date, ends: dt.date | None = None) -> Fact:
    """A fact straight into the archive (what a pushing app would record)."""
    return Fact.objects.create(enterprise=enterprise, kind=kind, occurred_on=on, ends_on=ends,
                               source=FactSource.BUREAU, source_type="test",
                               source_id=str(next(_serial)), reference=f"T-{kind}")


def spec(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(DEFAULT_SPEC)
    document.update(changes)
    return document


def published(actor: Actor, document: dict[str, Any] | None = None, *,
              as_of: dt.date = AS_OF) -> GradingModel:
    model = actions.create_draft(name="测试模型", spec=document or spec(), actor=actor)
    actions.preview_model(model, as_of=as_of, actor=actor)
    return actions.publish_model(model, reason="测试发布", actor=actor)
