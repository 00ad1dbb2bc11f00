"""The scheme catalogue shipped as data (registry/data/schemes.json).

`validity_years` is the longest a certificate of the scheme may run; issuing,
renewing and importing all refuse a longer one (models/lifecycle.py,
validity_refusal). The values follow each scheme's rules (the documents are
named here; check the clause before changing a value):

- management systems, 3 years: the CNCA management-system certification rules
  (CNCA-QMS-01:2025 and its siblings for EMS, OHSMS, EnMS …), and the service
  and food schemes certified the same way (GB/T 27922, ISO 10002, HACCP,
  ISO 22000);
- CCC, 5 years: 强制性产品认证管理规定 and the CCC implementation rules;
- organic and good agricultural practice, 1 year: 有机产品认证实施规则
  (CNCA-N-009) and the GAP implementation rules;
- voluntary product schemes (CQC voluntary, green product, energy-saving),
  5 years, and low-carbon product certification, 3 years, after their
  implementation rules; green food, 3 years (绿色食品标志管理办法).

`surveillance_months` is the longest gap between surveillance audits
(CNCA-QMS-01 §5.4.1.4: 12 months); none for schemes whose certificates run a
year and are re-audited whole (organic, GAP). check-lifecycle reads it per
scheme."""

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
