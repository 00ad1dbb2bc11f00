"""The market check (严禁未获强制性认证的产品进入市场) and its cases.

`market_check` is called wherever a product of a catalogue category is met
with its producer: a sample drawn (here), an inspection result that records
a category (the inspections app calls it). If the category needed a CCC
certificate or a declaration on that day and the enterprise held neither, a
case opens on the bureau's list. Each source opens at most one case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.models import Enterprise

from ..access import require_bureau
from ..models import (
    CaseOutcome,
    CaseStatus,
    CatalogError,
    MarketCheckCase,
    ProductCategory,
    Route,
    SamplingRecord,
)
from ..queries import coverage_on
from .common import today, user_or_none


def case_snapshot(case: MarketCheckCase) -> dict[str, Any]:
    return {"enterprise": case.enterprise.uscc, "category": case.category.code,
            "product": case.product, "found_on": case.found_on, "route": case.route,
            "source": case.source_ref, "status": case.status, "outcome": case.outcome,
            "closed_on": case.closed_on}


def uncovered_case(*, enterprise: Enterprise, category: ProductCategory, on: dt.date,
                   product: str, source_kind: str, source_ref: str, source_url: str = "",
                   sample: SamplingRecord | None = None) -> MarketCheckCase | None:
    """The case the market check opens (unsaved), or None when the product was
    covered or outside the catalogue on `on`."""
    coverage = coverage_on(enterprise, category, on)
    if coverage.covered:
        return None
    route = Route(coverage.route)
    summary = gettext("%(day)s发现%(enterprise)s的产品“%(product)s”属于强制性产品认证目录"
                      "“%(category)s”（当日评价方式：%(route)s），该企业当日未持有有效的CCC证书或"
                      "自我声明。") % {"day": on.isoformat(), "enterprise": enterprise.name,
                                    "product": product, "category": str(category),
                                    "route": route.label}
    return MarketCheckCase(enterprise=enterprise, category=category, product=product[:200],
                           found_on=on, route=route.value, source_kind=source_kind,
                           source_ref=source_ref, source_url=source_url, sample=sample,
                           summary=summary)


def market_check(*, enterprise: Enterprise, category: ProductCategory, on: dt.date,
                 product: str, source_kind: str, source_ref: str, actor: Actor,
                 source_url: str = "", sample: SamplingRecord | None = None
                 ) -> MarketCheckCase | None:
    """Open a case when the product needed a certificate or declaration on
    `on` and the enterprise held none; return the case (new or already opened
    for this source), or None when the product was covered or outside the
    catalogue. Joins the caller's transaction."""
    existing = MarketCheckCase.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return existing
    case = uncovered_case(enterprise=enterprise, category=category, on=on, product=product,
                          source_kind=source_kind, source_ref=source_ref,
                          source_url=source_url, sample=sample)
    if case is None:
        return None
    with transaction.atomic():
        case.save(force_insert=True)
        audit_append(action="catalog.case.open", object_type="catalog.marketcheckcase",
                     object_id=str(case.pk), object_repr=f"{enterprise.uscc} {category.code}",
                     actor=actor, after=case_snapshot(case))
    return case


def close_case(case: MarketCheckCase, *, outcome: str, note: str, actor: Actor,
               on: dt.date | None = None) -> MarketCheckCase:
    require_bureau(actor)
    note = (note or "").strip()
    if outcome not in CaseOutcome.values:
        raise CatalogError(gettext("请选择办理结果"))
    if not note:
        raise CatalogError(gettext("请填写办结说明"))
    with transaction.atomic():
        locked = (MarketCheckCase.objects.select_for_update(of=("self",))
                  .select_related("enterprise", "category").get(pk=case.pk))
        if locked.status != CaseStatus.OPEN:
            raise CatalogError(gettext("该案件线索已办结"))
        before = case_snapshot(locked)
        locked.status, locked.outcome, locked.closing_note = CaseStatus.CLOSED, outcome, note
        locked.closed_on, locked.closed_by = on or today(), user_or_none(actor)
        locked.save()
        audit_append(action="catalog.case.close", object_type="catalog.marketcheckcase",
                     object_id=str(locked.pk),
                     object_repr=f"{locked.enterprise.uscc} {locked.category.code}",
                     actor=actor, reason=note, before=before, after=case_snapshot(locked))
    return locked
