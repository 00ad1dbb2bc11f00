"""Shapes of the batch check (DESIGN.md §4). Verdict spellings are a
contract: the list grows only by adding."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from qualitycert.verification.schemas import BodyOut, HolderOut, SchemeOut, Status

VerdictValue = Literal["valid", "suspended", "withdrawn", "cancelled", "expired", "not_found",
                       "holder_mismatch"]


class VerifyItemIn(Schema):
    certificate_number: str | None = Field(None, max_length=100)
    holder_uscc: str | None = Field(None, max_length=40)
    holder_name: str | None = Field(None, max_length=200)
    required_scheme: str | None = Field(
        None, max_length=40,
        description="a scheme code (ISO9001, CCC …) or a category (management_system …)")
    body: str | None = Field(None, max_length=40,
                             description="approval number CNCA-R-…, when a number exists at "
                                         "several bodies")


class VerifyIn(Schema):
    items: list[VerifyItemIn] = Field(
        ..., json_schema_extra={"maxItems": 1000},
        description="at most 1,000 items; each needs certificate_number, holder_uscc or "
                    "holder_name")


class NameMatchOut(Schema):
    uscc: str
    name: str
    score: float = Field(description="0–100 (rapidfuzz ratio); ≥ 85 is taken as a match")


class VerifyCertificateOut(Schema):
    number: str
    body: BodyOut
    holder: HolderOut
    scheme: SchemeOut
    status: Status
    expires_on: dt.date


class VerifyResultOut(Schema):
    index: int
    verdict: VerdictValue
    scheme_covered: bool | None
    certificate: VerifyCertificateOut | None
    match: NameMatchOut | None
    candidates: list[str]
    note: str


class VerifyOut(Schema):
    results: list[VerifyResultOut]
