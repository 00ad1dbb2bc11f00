"""Writes to the catalogue: dated changes and the links from CCC certificates
to categories. Each is atomic and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.models import Certificate

from ..models import (
    Announcement,
    CatalogError,
    CategoryChange,
    CertificateCategory,
    LinkSource,
    ProductCategory,
    RiskLevel,
    Route,
)
from ..numbers import category_code_of_ccc_number
from .common import user_or_none


def change_snapshot(change: CategoryChange) -> dict[str, Any]:
    return {"category": change.category.code, "effective_from": change.effective_from,
            "route": change.route, "risk_level": change.risk_level,
            "standards": change.standards, "announcement": change.announcement.number,
            "from_production_licence": change.from_production_licence,
            "transition_deadline": change.transition_deadline, "note": change.note}


def check_change(*, route: str, risk_level: str, effective_from: dt.date,
                 from_production_licence: bool, transition_deadline: dt.date | None) -> None:
    """The rules of a change that need no database; raises CatalogError."""
    if route not in Route.values:
        raise CatalogError(gettext("评价方式无效"))
    if risk_level not in RiskLevel.values:
        raise CatalogError(gettext("风险等级无效"))
    if from_production_licence:
        if route not in Route.in_catalogue():
            raise CatalogError(gettext("由生产许可转入的产品必须纳入目录"))
        if transition_deadline is None or transition_deadline < effective_from:
            raise CatalogError(gettext("由生产许可转入的产品须填写不早于生效日期的过渡期截止日"))
    elif transition_deadline is not None:
        raise CatalogError(gettext("只有由生产许可转入的产品才有过渡期截止日"))


def record_catalogue_change(category: ProductCategory, *, effective_from: dt.date, route: str,
                            risk_level: str, standards: list[str], announcement: Announcement,
                            actor: Actor, from_production_licence: bool = False,
                            transition_deadline: dt.date | None = None,
                            note: str = "") -> CategoryChange:
    """Add what applies to `category` from `effective_from` on. A change is
    never rewritten: a correction is a new change on its own date."""
    check_change(route=route, risk_level=risk_level, effective_from=effective_from,
                 from_production_licence=from_production_licence,
                 transition_deadline=transition_deadline)
    with transaction.atomic():
        ProductCategory.objects.select_for_update().get(pk=category.pk)
        if CategoryChange.objects.filter(category=category, effective_from=effective_from).exists():
            raise CatalogError(gettext("该产品种类在此日期已有一项调整"))
        change = CategoryChange.objects.create(
            category=category, effective_from=effective_from, route=route,
            risk_level=risk_level, standards=[s.strip() for s in standards if s.strip()],
            announcement=announcement, from_production_licence=from_production_licence,
            transition_deadline=transition_deadline, note=note.strip(),
            recorded_by=user_or_none(actor))
        audit_append(action="catalog.change.record", object_type="catalog.categorychange",
                     object_id=str(change.pk), object_repr=f"{category.code} {effective_from}",
                     actor=actor, reason=announcement.number, after=change_snapshot(change))
    return change


def link_certificate(certificate: Certificate, category: ProductCategory, *, actor: Actor,
                     source: str = LinkSource.MANUAL) -> CertificateCategory:
    """Record that a CCC certificate covers `category`."""
    if not certificate.scheme.is_mandatory:
        raise CatalogError(gettext("只有强制性产品认证（CCC）证书可以关联目录产品种类"))
    with transaction.atomic():
        link, created = CertificateCategory.objects.get_or_create(
            certificate=certificate, category=category, defaults={"source": source})
        if created:
            audit_append(action="catalog.certificate_link.add",
                         object_type="catalog.certificatecategory", object_id=str(link.pk),
                         object_repr=f"{certificate.number} → {category.code}", actor=actor,
                         after={"certificate": certificate.number,
                                "body": certificate.body.approval_number,
                                "category": category.code, "source": source})
    return link


def link_ccc_certificates_by_number(*, actor: Actor) -> int:
    """Link every CCC certificate not yet linked whose 16-digit number names a
    catalogue category (year, body, category, serial). Returns how many links
    were made; one audit entry records the run."""
    categories = dict(ProductCategory.objects.values_list("code", "pk"))
    with transaction.atomic():
        unlinked = (Certificate.objects.filter(scheme__is_mandatory=True, ccc_categories=None)
                    .values_list("pk", "number"))
        links = []
        for pk, number in unlinked.iterator(chunk_size=2000):
            code = category_code_of_ccc_number(number)
            if code is not None and code in categories:
                links.append(CertificateCategory(certificate_id=pk, category_id=categories[code],
                                                 source=LinkSource.NUMBER))
        CertificateCategory.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)
        if links:
            audit_append(action="catalog.certificate_link.by_number",
                         object_type="catalog.certificatecategory", object_id="by-number",
                         object_repr=gettext("按证书编号关联产品种类"), actor=actor,
                         after={"linked": len(links)})
    return len(links)
