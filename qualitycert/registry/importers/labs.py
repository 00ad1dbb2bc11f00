"""Inspection and testing lab files (检验检测机构名录, by CMA number)."""

from __future__ import annotations

from typing import Any

from qualitycert.accounts.actor import Actor

from ..models import ImportBatch, Lab
from . import cells
from .batch import RegistryChanged
from .record_actions import LAB_FIELDS, save_lab
from .records import UPDATE, RecordChecker, RowProblem, iso, iso_date_parser
from .source import Progress, Spool


class LabChecker(RecordChecker):
    key = "cma_number"
    required = frozenset({"cma_number", "name"})
    parsers = {
        "cma_number": cells.cma_number,
        "name": lambda raw: cells.text(raw, max_length=200, required=True),
        "uscc": cells.uscc_code,
        "fields": cells.text_list,
        "valid_from": iso_date_parser(cells.date),
        "valid_until": iso_date_parser(cells.date),
        "status": lambda raw: cells.choice(raw, cells.LAB_STATUSES),
        "address": lambda raw: cells.text(raw, max_length=300),
    }

    def check(self, values: dict[str, Any]) -> None:
        start, end = values.get("valid_from"), values.get("valid_until")
        if start and end and end <= start:
            raise RowProblem("valid_until", "有效期至必须晚于发证日期",
                             "valid_until must be after valid_from")

    def existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for values in Lab.objects.filter(cma_number__in=keys).values(*LAB_FIELDS):
            values["valid_from"] = iso(values["valid_from"])
            values["valid_until"] = iso(values["valid_until"])
            found[values["cma_number"]] = values
        return found


def write_labs(checker: LabChecker, spool: Spool, batch: ImportBatch, *, actor: Actor,
               progress: Progress | None) -> dict[str, str]:
    for kind, row, key, values in spool:
        lab = None
        if kind == UPDATE:
            lab = Lab.objects.filter(cma_number=key).first()
            if lab is None:
                raise RegistryChanged(f"row {row}")
        save_lab(lab, values=values, actor=actor, reason=f"{batch.label} 第{row}行")
    return {}
