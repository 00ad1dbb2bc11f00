"""Shapes of the self-declaration answers. Field names and status spellings
are a contract (DESIGN.md §4): change only by adding."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

DeclarationStatusValue = Literal["valid", "withdrawn", "revoked"]


class DeclarantOut(Schema):
    uscc: str
    name: str


class CategoryRefOut(Schema):
    code: str = Field(description="the CCC catalogue code, e.g. 0501")
    name: str


class LabRefOut(Schema):
    cma_number: str
    name: str


class DeclarationSummaryOut(Schema):
    """A declaration as the enterprise answer lists it."""

    number: str
    status: DeclarationStatusValue = Field(
        description="`valid`; `withdrawn` by the enterprise (注销); `revoked` by the bureau (撤销)")
    category: CategoryRefOut
    product: str
    declared_on: dt.date
    ended_on: dt.date | None = Field(description="the first day it no longer counted")


class SelfDeclarationOut(DeclarationSummaryOut):
    enterprise: DeclarantOut
    models: list[str]
    standards: list[str]
    lab: LabRefOut
    report_number: str
    report_date: dt.date
    withdrawn_on: dt.date | None
    revoked_on: dt.date | None
    revocation_grounds: Literal["false_declaration", "nonconforming", "other", ""] = Field(
        description="why the bureau revoked it; empty unless revoked")
    decision_number: str = Field(description="the revocation decision; empty unless revoked")
    url: str = Field(description="the public page of the declaration")
