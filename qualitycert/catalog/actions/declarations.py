"""Filing, withdrawing and revoking self-declarations (自我声明).

A declaration is accepted only for a category whose route on the declaration
date is a self-declaration, with a test report of a valid lab (a designated
one when the route says so) dated no later than the declaration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append
from qualitycert.credit.actions import record_fact
from qualitycert.credit.models import FactKind, FactSource
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Enterprise, Lab, LabStatus

from ..access import require_bureau, require_enterprise
from ..models import (
    CatalogError,
    DeclarationStatus,
    ProductCategory,
    RevocationGrounds,
    Route,
    SelfDeclaration,
)
from ..numbers import declaration_number
from ..queries import route_on
from .common import signature, today, user_or_none

MAX_MODELS = 50


def declaration_snapshot(d: SelfDeclaration) -> dict[str, Any]:
    return {"number": d.number, "enterprise": d.enterprise.uscc, "category": d.category.code,
            "product": d.product, "models": d.models_list, "standards": d.standards,
            "lab": d.lab.cma_number, "report_number": d.report_number,
            "report_date": d.report_date, "declared_on": d.declared_on, "status": d.status,
            "ended_on": d.ended_on, "revocation_grounds": d.revocation_grounds,
            "decision_number": d.decision_number}


def check_declaration(*, category: ProductCategory, lab: Lab, declared_on: dt.date,
                      report_date: dt.date, product: str, models: list[str],
                      on: dt.date) -> list[str]:
    """The route and report rules; returns the standards in force (the
    default when the declarant names none). Raises CatalogError."""
    if declared_on > on:
        raise CatalogError(gettext("声明日期不能晚于今天"))
    if report_date > declared_on:
        raise CatalogError(gettext("检测报告日期不能晚于声明日期"))
    if not product.strip():
        raise CatalogError(gettext("请填写产品名称"))
    if not models:
        raise CatalogError(gettext("请至少填写一个型号规格"))
    if len(models) > MAX_MODELS:
        raise CatalogError(gettext("一份声明最多包含%(n)d个型号") % {"n": MAX_MODELS})
    change = route_on(category, declared_on)
    if change is None or change.route not in Route.declarable():
        route = Route(change.route).label if change is not None else gettext("未列入目录")
        raise CatalogError(
            gettext("%(category)s在%(day)s的评价方式为“%(route)s”，不能以自我声明方式出厂销售")
            % {"category": category.name, "day": declared_on.isoformat(), "route": route})
    if (lab.status != LabStatus.VALID or (lab.valid_until and lab.valid_until < report_date)
            or (lab.valid_from and lab.valid_from > report_date)):
        raise CatalogError(gettext("检测实验室的资质认定在报告日期无效"))
    if (change.route == Route.SELF_DECLARATION_DESIGNATED
            and not category.designated_labs.filter(pk=lab.pk).exists()):
        raise CatalogError(gettext("该产品种类须由指定实验室检测，所填实验室不在指定名单中"))
    return list(change.standards)


def file_declaration(*, enterprise: Enterprise, category: ProductCategory, product: str,
                     models: list[str], lab: Lab, report_number: str, report_date: dt.date,
                     actor: Actor, standards: list[str] | None = None,
                     declared_on: dt.date | None = None) -> SelfDeclaration:
    """File a declaration for the enterprise; its user, or bureau staff
    entering one received on paper or from the national system."""
    if not is_bureau(actor):
        require_enterprise(actor, enterprise.pk)
    day = today()
    declared_on = declared_on or day
    models = [m.strip() for m in models if m.strip()]
    report_number = normalize_identifier(report_number)
    if not report_number:
        raise CatalogError(gettext("请填写检测报告编号"))
    default_standards = check_declaration(category=category, lab=lab, declared_on=declared_on,
                                          report_date=report_date, product=product,
                                          models=models, on=day)
    with transaction.atomic():
        # One filer at a time per category: the serial of the number is the
        # category's count for the year, so two filings must not read it together.
        ProductCategory.objects.select_for_update().get(pk=category.pk)
        if SelfDeclaration.objects.filter(enterprise=enterprise, category=category,
                                          report_number=report_number,
                                          status=DeclarationStatus.VALID).exists():
            raise CatalogError(gettext("本企业已凭该检测报告提交过有效的自我声明"))
        serial = _next_serial(f"SD-{declared_on.year}-{category.code}-")
        declaration = SelfDeclaration.objects.create(
            number=declaration_number(declared_on.year, category.code, serial),
            enterprise=enterprise, category=category, product=product.strip(),
            models_list=models, standards=[s.strip() for s in (standards or []) if s.strip()]
            or default_standards, lab=lab, report_number=report_number,
            report_date=report_date, declared_on=declared_on, filed_by=user_or_none(actor))
        audit_append(action="catalog.declaration.file", object_type="catalog.selfdeclaration",
                     object_id=str(declaration.pk), object_repr=declaration.number,
                     actor=actor, after=declaration_snapshot(declaration))
        _archive(declaration, actor)
    return declaration


def _archive(declaration: SelfDeclaration, actor: Actor) -> None:
    """The declaration as a fact of the enterprise's quality archive (issue
    13): in force from its date until it ends; a revocation for a false
    declaration is a fact of its own."""
    if declaration.declared_on > today():
        return
    ended = declaration.ended_on
    record_fact(enterprise=declaration.enterprise, kind=FactKind.SELF_DECLARATION,
                occurred_on=declaration.declared_on,
                ends_on=None if ended is None else max(ended, declaration.declared_on),
                source=FactSource.CATALOG, source_type="catalog.declaration",
                source_id=str(declaration.pk), reference=declaration.number,
                summary=declaration.product, actor=actor)
    if declaration.revocation_grounds == RevocationGrounds.FALSE_DECLARATION and \
            declaration.revoked_on is not None:
        record_fact(enterprise=declaration.enterprise, kind=FactKind.FALSE_DECLARATION,
                    occurred_on=declaration.revoked_on, source=FactSource.CATALOG,
                    source_type="catalog.declaration", source_id=str(declaration.pk),
                    reference=declaration.decision_number, summary=declaration.number,
                    actor=actor)


def _next_serial(prefix: str) -> int:
    """One more than the highest serial under `prefix` (imported numbers may
    leave gaps, so the count of rows is not enough)."""
    serials = [int(n[len(prefix):]) for n in SelfDeclaration.objects.filter(
        number__startswith=prefix).values_list("number", flat=True) if n[len(prefix):].isdigit()]
    return max(serials, default=0) + 1


def _locked(declaration: SelfDeclaration) -> SelfDeclaration:
    return (SelfDeclaration.objects.select_for_update(of=("self",))
            .select_related("enterprise", "category", "lab").get(pk=declaration.pk))


def withdraw_declaration(declaration: SelfDeclaration, *, reason: str, actor: Actor,
                         on: dt.date | None = None) -> SelfDeclaration:
    """The enterprise withdraws (注销) its own declaration from `on` (today)."""
    require_enterprise(actor, declaration.enterprise_id)
    reason = (reason or "").strip()
    if not reason:
        raise CatalogError(gettext("请说明注销理由"))
    with transaction.atomic():
        locked = _locked(declaration)
        before = declaration_snapshot(locked)
        locked.withdraw(on or today(), reason)
        locked.status_signed_by, locked.status_signer_name = user_or_none(actor), signature(actor)
        locked.save()
        audit_append(action="catalog.declaration.withdraw",
                     object_type="catalog.selfdeclaration", object_id=str(locked.pk),
                     object_repr=locked.number, actor=actor, reason=reason, before=before,
                     after=declaration_snapshot(locked))
        _archive(locked, actor)
    return locked


def revoke_declaration(declaration: SelfDeclaration, *, reason: str, grounds: str,
                       decision_number: str, actor: Actor,
                       on: dt.date | None = None) -> SelfDeclaration:
    """The bureau revokes (撤销) a declaration by a decision. A revocation on
    the grounds of a false declaration is a dishonesty fact about the enterprise."""
    require_bureau(actor)
    reason, decision_number = (reason or "").strip(), (decision_number or "").strip()
    if grounds not in RevocationGrounds.values:
        raise CatalogError(gettext("请选择撤销依据"))
    if not reason or not decision_number:
        raise CatalogError(gettext("撤销须写明理由和决定文号"))
    with transaction.atomic():
        locked = _locked(declaration)
        before = declaration_snapshot(locked)
        locked.revoke(on or today(), reason, grounds, decision_number)
        locked.status_signed_by, locked.status_signer_name = user_or_none(actor), signature(actor)
        locked.save()
        audit_append(action="catalog.declaration.revoke",
                     object_type="catalog.selfdeclaration", object_id=str(locked.pk),
                     object_repr=locked.number, actor=actor, reason=reason, before=before,
                     after=declaration_snapshot(locked))
        _archive(locked, actor)
    return locked
