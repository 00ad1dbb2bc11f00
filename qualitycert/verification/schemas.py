"""Shapes of the public lookup answers (DESIGN.md §4). Field names and status
spellings are a contract: change only by adding."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from qualitycert.catalog.schemas import DeclarationSummaryOut
from qualitycert.credit.schemas import DishonestyOut

Status = Literal["valid", "suspended", "withdrawn", "cancelled", "expired"]
Category = Literal["management_system", "product", "service", "food_agri"]


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
                                              "the compact payload carries n (number), "
                                              "b (body), s (status code when signed) "
                                              "and x (valid until); kid in the header")
    log_leaf_index: int | None = Field(
        None, description="the transparency-log leaf of the certificate's latest state: ask "
                          "/api/v1/log/proof/inclusion?leaf=… for its proof")


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


class FormerNameOut(Schema):
    name: str
    until: dt.date = Field(description="the last day the name was used (曾用名)")


class EnterpriseOut(Schema):
    uscc: str
    name: str
    former_names: list[FormerNameOut] = Field(
        default_factory=list, description="earlier names, the latest first (曾用名)")
    legal_status: str
    certificate_counts: dict[str, int] = Field(description="live status → number of certificates")
    certificates: list[EnterpriseCertificateOut]
    self_declarations: list[DeclarationSummaryOut] = Field(
        description="the enterprise's self-declarations (自我声明) for CCC products, valid first")
    dishonesty: list[DishonestyOut] = Field(
        default_factory=list,
        description="its active entries on the dishonesty list (失信名单); never its grade")
