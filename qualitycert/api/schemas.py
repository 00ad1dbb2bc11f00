"""Request and response shapes of the public API (DESIGN.md §4). Field names
and verdict spellings are a contract: change only by adding."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

Status = Literal["valid", "suspended", "withdrawn", "cancelled", "expired"]
VerdictValue = Literal["valid", "suspended", "withdrawn", "cancelled", "expired", "not_found",
                       "holder_mismatch"]
Category = Literal["management_system", "product", "service", "food_agri"]


class ErrorOut(Schema):
    detail: str


class HolderOut(Schema):
    uscc: str
    name: str


class BodyOut(Schema):
    approval_number: str
    name: str


class SchemeOut(Schema):
    code: str
    category: Category
    name: str
    standard: str


class CertificateOut(Schema):
    number: str
    status: Status = Field(description="live status: a certificate past its end date is "
                                       "`expired` even before the nightly job records it")
    holder: HolderOut
    body: BodyOut
    scheme: SchemeOut
    issued_on: dt.date
    expires_on: dt.date
    last_surveillance_on: dt.date | None
    verification_url: str = Field(description="the signed QR link: "
                                              "<PUBLIC_BASE_URL>/v/<JWS, EdDSA/Ed25519>; "
                                              "its iat is the day the link was signed, "
                                              "not the day of this answer")


class CandidateOut(Schema):
    approval_number: str
    name: str


class AmbiguousOut(Schema):
    detail: str
    candidates: list[CandidateOut]


class EnterpriseCertificateOut(Schema):
    number: str
    status: Status
    body: BodyOut
    scheme: SchemeOut
    issued_on: dt.date
    expires_on: dt.date


class EnterpriseOut(Schema):
    uscc: str
    name: str
    legal_status: str
    certificate_counts: dict[str, int] = Field(description="live status → number of certificates")
    certificates: list[EnterpriseCertificateOut]


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
