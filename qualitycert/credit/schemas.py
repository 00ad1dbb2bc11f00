"""The credit app's API shapes. Only what the law makes public: active
dishonesty entries. Grades and risk classes are internal and never here."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Criterion = Literal["forged_certificate", "misused_certificate", "refused_inspection",
                    "serious_incident", "false_declaration", "other"]


class ListedEnterpriseOut(Schema):
    uscc: str
    name: str


class DishonestyOut(Schema):
    enterprise: ListedEnterpriseOut
    criterion: Criterion = Field(description="the criterion (认定情形); the list grows only by adding")
    criterion_label: str
    legal_basis: str
    decision_number: str = Field(description="the number of the decision document (决定书文号)")
    authority: str
    starts_on: dt.date
    ends_on: dt.date = Field(description="the listing ends by itself on this day")
    measures: list[str] = Field(description="no_procurement_preference, "
                                            "higher_inspection_ratio, public_listing, no_honours")


class DishonestyPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[DishonestyOut]


class FinancingEntryOut(Schema):
    uscc: str
    name: str
    grade_at_least: Literal["A", "B", "C"] = Field(
        description="the enterprise consented to share that its grade is this or better; "
                    "the grade itself is never shared")
    as_of: dt.date = Field(description="the grading run's as-of day")
    model_version: int
    certified_categories: list[str] = Field(description="categories of its valid certificates")


class FinancingPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[FinancingEntryOut]
