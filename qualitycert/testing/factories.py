"""Small builders for tests and demo data: valid identifiers and registry rows."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from qualitycert.lib import uscc
from qualitycert.registry.models import (
    BodySchemeApproval,
    CertificationBody,
    Enterprise,
    Scheme,
)

_serial = itertools.count(1)


def make_uscc(serial: int, *, division: str = "120116", authority: str = "9",
              kind: str = "1") -> str:
    """A USCC that passes both check characters: the serial fills the 8-character
    organisation-code body (digits only, so always inside the alphabet)."""
    body8 = f"{serial % 10**8:08d}"
    return uscc.complete(f"{authority}{kind}{division}{body8}")


def make_enterprise(name: str | None = None, **fields: Any) -> Enterprise:
    n = next(_serial)
    fields.setdefault("uscc", make_uscc(70_000_000 + n))
    return Enterprise.objects.create(name=name or f"测试企业{n}有限公司", **fields)


def make_body(approval_number: str, name: str, *, schemes: list[str] | None = None,
              since: dt.date = dt.date(2010, 1, 1), **fields: Any) -> CertificationBody:
    body = CertificationBody.objects.create(approval_number=approval_number, name=name,
                                            approved_on=since, **fields)
    for code in schemes or []:
        BodySchemeApproval.objects.create(body=body, scheme=Scheme.objects.get(code=code),
                                          valid_from=since)
    return body
