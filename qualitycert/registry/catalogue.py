"""The scheme catalogue shipped as data (registry/data/schemes.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).resolve().parent / "data" / "schemes.json"


def load_scheme_catalogue(scheme_model: Any) -> int:
    """Create or update every scheme in the catalogue; takes the model so the
    data migration can pass its historical model. Returns the number of rows."""
    rows = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for row in rows:
        fields = dict(row)
        code = fields.pop("code")
        scheme_model.objects.update_or_create(code=code, defaults=fields)
    return len(rows)
