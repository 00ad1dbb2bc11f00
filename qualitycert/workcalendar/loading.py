"""The notices shipped in data/arrangements.json (2004–2026, the years
chinese-calendar 1.11.0 knows; docs/decisions/0008-working-days.md), loaded by
a data migration. Takes the models so the migration can pass its historical
ones; a year that already has a notice is left alone, so a notice the bureau
entered is never overwritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualitycert.lib.arrangement_files import read_notices

SHIPPED = Path(__file__).resolve().parent / "data" / "arrangements.json"


def load_shipped_arrangements(arrangement_model: Any, day_model: Any) -> int:
    """Returns the number of notices created."""
    records = read_notices(SHIPPED.read_bytes(), filename=SHIPPED.name)
    have = set(arrangement_model.objects.values_list("year", flat=True))
    created = 0
    for record in records:
        if record.year in have:
            continue
        notice = arrangement_model.objects.create(
            year=record.year, title=record.title, document_number=record.document_number,
            published_on=record.published_on, note=record.note, source="shipped")
        day_model.objects.bulk_create(
            [day_model(arrangement=notice, day=d, kind="off") for d in sorted(record.days_off)]
            + [day_model(arrangement=notice, day=d, kind="work")
               for d in sorted(record.working_days)])
        created += 1
    return created
