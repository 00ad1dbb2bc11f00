"""Self-declarations (自我声明) from CSV or XLSX, as the national reporting
system lists them, for enterprises of the district. Every row passes the
same rules as a declaration filed on the site (the category's route on the
declaration date, a valid lab — a designated one where required). A number
already stored with the same content is unchanged; with different content it
is an error (a declaration is changed by withdrawal or revocation, not by
re-importing it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.models import Enterprise, Lab

from ..actions import check_declaration
from ..models import CatalogError, DeclarationStatus, ProductCategory, SelfDeclaration
from ..numbers import declaration_number
from .common import (
    DATE_EN,
    DATE_ZH,
    LIST_EN,
    LIST_ZH,
    Cells,
    Column,
    ImportResult,
    RowInvalid,
    column_error,
    read_rows,
    sha256_of,
)

COLUMNS: tuple[Column, ...] = (
    Column("number", gettext_noop("声明编号"), False, "空白则由本系统编号", "blank: numbered here",
           "SD-2026-0501-00001", ()),
    Column("enterprise_uscc", gettext_noop("统一社会信用代码"), True, "声明企业的统一社会信用代码",
           "USCC of the declaring enterprise", "91120116MA05XXXXXX", ("uscc",)),
    Column("category_code", gettext_noop("产品种类代码"), True, "强制性产品认证目录四位代码",
           "four-digit CCC category code", "0501", ()),
    Column("product", gettext_noop("产品名称"), True, "文字", "text", "电钻", ()),
    Column("models", gettext_noop("型号规格"), True, LIST_ZH, LIST_EN, "Z1J-10；Z1J-13", ("型号",)),
    Column("standards", gettext_noop("依据标准"), False, LIST_ZH + "；空白则取目录当日标准",
           LIST_EN + "; blank: the catalogue's standards of the day", "GB/T 3883.1-2014", ()),
    Column("lab_cma", gettext_noop("检测实验室资质认定编号"), True, "12位CMA编号", "12-digit CMA number",
           "241212340123", ("实验室CMA编号",)),
    Column("report_number", gettext_noop("检测报告编号"), True, "文字", "text", "T-2026-0001", ()),
    Column("report_date", gettext_noop("报告日期"), True, DATE_ZH, DATE_EN, "2026-02-20", ()),
    Column("declared_on", gettext_noop("声明日期"), True, DATE_ZH, DATE_EN, "2026-03-01", ()),
    Column("status", gettext_noop("状态"), False, "有效/注销/撤销 或 valid/withdrawn/revoked（空白为有效）",
           "valid, withdrawn or revoked (blank: valid)", "有效", ()),
    Column("status_changed_on", gettext_noop("状态变更日期"), False, DATE_ZH + "；注销或撤销时必填",
           DATE_EN + "; required when withdrawn or revoked", "", ()),
    Column("status_reason", gettext_noop("状态变更理由"), False, "文字", "text", "", ()),
)

STATUSES = {"有效": DeclarationStatus.VALID.value, "valid": DeclarationStatus.VALID.value,
            "注销": DeclarationStatus.WITHDRAWN.value,
            "withdrawn": DeclarationStatus.WITHDRAWN.value,
            "撤销": DeclarationStatus.REVOKED.value, "revoked": DeclarationStatus.REVOKED.value}


def _parse(cells: Cells, today: dt.date) -> dict[str, Any]:
    status = cells.choice("status", STATUSES, required=False,
                          default=DeclarationStatus.VALID.value)
    changed = cells.date("status_changed_on", required=False, today=today)
    declared = cells.date("declared_on", today=today)
    if status != DeclarationStatus.VALID and changed is None:
        raise RowInvalid("status_changed_on", gettext("注销或撤销的声明须填写状态变更日期"))
    if changed is not None and declared is not None and changed < declared:
        raise RowInvalid("status_changed_on", gettext("状态变更日期早于声明日期"))
    return {
        "number": cells.identifier("number", limit=40),
        "uscc": cells.uscc("enterprise_uscc"),
        "category": cells.identifier("category_code", limit=8, required=True),
        "product": cells.text("product", limit=200, required=True),
        "models": cells.items("models", required=True),
        "standards": cells.items("standards"),
        "lab": cells.cma("lab_cma", required=True),
        "report_number": cells.identifier("report_number", required=True),
        "report_date": cells.date("report_date", today=today),
        "declared_on": declared, "status": status, "changed": changed,
        "reason": cells.text("status_reason", limit=1000),
    }


def import_declarations(path: str | Path, *, actor: Actor, filename: str | None = None,
                        max_bytes: int = 50 * 1024 * 1024) -> ImportResult:
    name = filename or Path(path).name
    result = ImportResult(filename=name)
    parsed = read_rows(path, COLUMNS, result, _parse, filename=name, max_bytes=max_bytes)
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(
        uscc__in={p["uscc"] for _, p in parsed})}
    labs = {lab.cma_number: lab for lab in Lab.objects.filter(
        cma_number__in={p["lab"] for _, p in parsed})}
    categories = {c.code: c for c in ProductCategory.objects.all()}
    stored = {d.number: d for d in SelfDeclaration.objects.filter(
        number__in={p["number"] for _, p in parsed if p["number"]}).select_related(
        "enterprise", "category", "lab")}
    seen: dict[str, int] = {}
    writes = []
    for row, p in parsed:
        error = _check(row, p, enterprises, labs, categories, stored, seen)
        if error is not None:
            result.add_error(error)
        elif p["number"] in stored:
            result.unchanged += 1
        else:
            writes.append(p)
    if not result.ok:
        return result
    with transaction.atomic():
        counters: dict[str, int] = {}
        for p in writes:
            category = categories[p["category"]]
            number = p["number"] or _generated(p["declared_on"].year, category.code, counters)
            d = SelfDeclaration(
                number=number, enterprise=enterprises[p["uscc"]], category=category,
                product=p["product"], models_list=p["models"], standards=p["standards"]
                or p["default_standards"], lab=labs[p["lab"]], report_number=p["report_number"],
                report_date=p["report_date"], declared_on=p["declared_on"],
                filed_by=actor.user)
            if p["status"] == DeclarationStatus.WITHDRAWN:
                d.withdraw(p["changed"], p["reason"] or "导入")
            elif p["status"] == DeclarationStatus.REVOKED:
                d.revoke(p["changed"], p["reason"] or "导入", "", "")
            d.save(force_insert=True)
            result.created += 1
        if result.created:
            audit_append(action="catalog.declarations.import",
                         object_type="catalog.selfdeclaration", object_id=name[:64],
                         object_repr=name, actor=actor,
                         after={"file": name, "rows": result.created,
                                "unchanged": result.unchanged, "sha256": sha256_of(path)})
    return result


def _generated(year: int, code: str, counters: dict[str, int]) -> str:
    prefix = f"SD-{year}-{code}-"
    if prefix not in counters:
        numbers = SelfDeclaration.objects.filter(number__startswith=prefix).values_list(
            "number", flat=True)
        counters[prefix] = max((int(n[len(prefix):]) for n in numbers
                                if n[len(prefix):].isdigit()), default=0)
    counters[prefix] += 1
    return declaration_number(year, code, counters[prefix])


def _check(row: int, p: dict[str, Any], enterprises: dict[str, Enterprise],
           labs: dict[str, Lab], categories: dict[str, ProductCategory],
           stored: dict[str, SelfDeclaration], seen: dict[str, int]) -> Any:
    if p["uscc"] not in enterprises:
        return column_error(COLUMNS, row, "enterprise_uscc",
                            gettext("企业%(uscc)s不在登记系统中") % {"uscc": p["uscc"]})
    if p["lab"] not in labs:
        return column_error(COLUMNS, row, "lab_cma",
                            gettext("实验室%(cma)s不在登记系统中") % {"cma": p["lab"]})
    category = categories.get(p["category"])
    if category is None:
        return column_error(COLUMNS, row, "category_code",
                            gettext("产品种类代码%(code)s不在目录中") % {"code": p["category"]})
    number = p["number"]
    if number:
        if number in seen:
            return column_error(COLUMNS, row, "number",
                                gettext("声明编号与第%(row)s行重复") % {"row": seen[number]})
        seen[number] = row
        old = stored.get(number)
        if old is not None:
            same = (old.enterprise.uscc, old.category.code, old.lab.cma_number,
                    old.report_number, old.declared_on, old.status) == (
                p["uscc"], p["category"], p["lab"], p["report_number"], p["declared_on"],
                p["status"])
            return None if same else column_error(
                COLUMNS, row, "number",
                gettext("该声明编号已存在且内容不同；声明只能注销或撤销，不能改写"))
    try:
        p["default_standards"] = check_declaration(
            category=category, lab=labs[p["lab"]], declared_on=p["declared_on"],
            report_date=p["report_date"], product=p["product"], models=p["models"],
            on=p["declared_on"])
    except CatalogError as exc:
        return column_error(COLUMNS, row, "category_code", str(exc))
    return None
