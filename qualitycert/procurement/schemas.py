"""Shapes of the batch check (DESIGN.md §4). Verdict spellings are a
contract: the list grows only by adding."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from qualitycert.api.schemas import given
from qualitycert.catalog.schemas import CategoryRefOut, DeclarantOut, DeclarationStatusValue
from qualitycert.verification.schemas import BodyOut, HolderOut, SchemeOut, Status

VerdictValue = Literal["valid", "suspended", "withdrawn", "cancelled", "expired", "not_found",
                       "holder_mismatch", "ambiguous", "no_certificate"]


class VerifyItemIn(Schema):
    # At least one of the three, as the batch check requires (blank counts as absent).
    model_config = ConfigDict(json_schema_extra={
        "anyOf": [given("certificate_number"), given("holder_uscc"), given("holder_name")]})

    certificate_number: str | None = Field(None, max_length=100)
    holder_uscc: str | None = Field(None, max_length=40)
    holder_name: str | None = Field(None, max_length=200)
    required_scheme: str | None = Field(
        None, max_length=40,
        description="a scheme code (ISO9001, CCC …), a scheme's name in Chinese or English "
                    "(质量管理体系, Quality management system) or a category "
                    "(management_system …)")
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


class VerifyDeclarationOut(Schema):
    number: str
    status: DeclarationStatusValue
    enterprise: DeclarantOut
    category: CategoryRefOut
    product: str
    declared_on: dt.date
    ended_on: dt.date | None
    url: str


class VerifyResultOut(Schema):
    index: int
    verdict: VerdictValue
    kind: Literal["certificate", "self_declaration"] | None = Field(
        description="what the verdict is about: a certificate, or a self-declaration whose "
                    "number was given as certificate_number; null when nothing was found")
    scheme_covered: bool | None
    certificate: VerifyCertificateOut | None
    self_declaration: VerifyDeclarationOut | None = Field(
        description="the self-declaration (强制性认证产品符合性自我声明) when kind is "
                    "self_declaration: its verdict is valid, cancelled (注销) when the "
                    "enterprise withdrew it, or withdrawn (撤销) when the bureau revoked it")
    match: NameMatchOut | None
    candidates: list[str]
    note: str
    holder_dishonest: bool = Field(
        False, description="the holder is on the dishonesty list (失信名单) today "
                           "(GET /api/v1/dishonesty)")


class VerifyOut(Schema):
    results: list[VerifyResultOut]
