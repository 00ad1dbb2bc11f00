"""Each key task's counted indicators, for the plan's own pages.

The counts come from records kept by an app above the plan (the programmes
app, issue 15), which the plan may not import. That app registers its
provider at start-up (`register_task_counts`, from its AppConfig.ready), as
it registers the measures of the targets (targets.register_measure; decision
0016). Without a provider a task simply has no counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Protocol


class TaskCount(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def source(self) -> str: ...


Provider = Callable[[int, dt.date], Sequence[TaskCount]]
_providers: list[Provider] = []


def register_task_counts(provider: Provider) -> None:
    _providers[:] = [provider]


def task_counts(number: int, day: dt.date) -> Sequence[TaskCount]:
    return _providers[0](number, day) if _providers else []
