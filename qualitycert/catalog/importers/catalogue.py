"""The CCC catalogue (强制性产品认证目录) from CSV or XLSX: one row per change
of one category (its route, risk and standards from a date, and the
announcement that made it). Groups, categories and announcements named for
the first time are created; a change already recorded identically is
unchanged; a different change on a day that already has one is an error —
changes are added, never rewritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append

from ..actions import check_change
from ..models import (
    Announcement,
    CatalogError,
    CategoryChange,
    ProductCategory,
    ProductGroup,
    RiskLevel,
    Route,
)
from ..numbers import is_category_code
from .common import (
    DATE_EN,
    DATE_ZH,
    LIST_EN,
    LIST_ZH,
    YES_NO,
    Cells,
    Column,
    ImportResult,
    RowInvalid,
    column_error,
    read_rows,
    sha256_of,
)

COLUMNS: tuple[Column, ...] = (
    Column("group_code", gettext_noop("大类代码"), True, "两位数字，如01", "two digits, e.g. 01", "03", ()),
    Column("group_name", gettext_noop("大类名称"), True, "文字", "text", "低压电器", ("产品大类",)),
    Column("category_code", gettext_noop("产品种类代码"), True, "四位数字，如0301（按目录原样）",
           "four digits as the catalogue writes them, e.g. 0301", "0301", ("种类代码",)),
    Column("category_name", gettext_noop("产品种类名称"), True, "文字", "text", "低压成套开关设备",
           ("产品种类",)),
    Column("route", gettext_noop("评价方式"), True,
           "第三方认证/自我声明A/自我声明B/调出目录，或 certification/self_declaration/"
           "self_declaration_designated/removed",
           "certification, self_declaration (any lab), self_declaration_designated "
           "(designated lab) or removed", "自我声明B", ()),
    Column("risk_level", gettext_noop("风险等级"), True, "高/中/低 或 high/medium/low",
           "high, medium or low (高/中/低)", "中", ()),
    Column("standards", gettext_noop("依据标准"), False, LIST_ZH, LIST_EN, "GB/T 7251.1-2013；GB/T 7251.12-2013",
           ("认证依据标准",)),
    Column("effective_from", gettext_noop("生效日期"), True, DATE_ZH, DATE_EN, "2019-10-17", ("实施日期",)),
    Column("announcement_number", gettext_noop("公告编号"), True, "如“市场监管总局2019年第34号”",
           "e.g. 市场监管总局2019年第34号", "市场监管总局2019年第34号", ("公告",)),
    Column("announcement_title", gettext_noop("公告标题"), False, "新公告必填", "required for a new announcement",
           "关于防爆电气等产品由生产许可转为强制性产品认证管理实施要求的公告", ()),
    Column("announcement_date", gettext_noop("公告日期"), False, DATE_ZH + "；新公告必填",
           DATE_EN + "; required for a new announcement", "2019-07-10", ("发布日期",)),
    Column("issuer", gettext_noop("发布机关"), False, "文字", "text", "市场监管总局", ()),
    Column("from_production_licence", gettext_noop("由生产许可转入"), False, "是/否", "yes or no (是/否)", "否",
           ()),
    Column("transition_deadline", gettext_noop("过渡期截止日"), False, DATE_ZH + "；由生产许可转入时必填",
           DATE_EN + "; required when moved from a production licence", "", ()),
    Column("description", gettext_noop("产品范围描述"), False, "文字", "text", "", ()),
    Column("note", gettext_noop("说明"), False, "文字", "text", "", ()),
)

ROUTES = {
    "certification": Route.CERTIFICATION.value, "第三方认证": Route.CERTIFICATION.value,
    "认证": Route.CERTIFICATION.value, "强制性认证": Route.CERTIFICATION.value,
    "self_declaration": Route.SELF_DECLARATION.value, "自我声明a": Route.SELF_DECLARATION.value,
    "自我声明(自选实验室检测)": Route.SELF_DECLARATION.value,
    "self_declaration_designated": Route.SELF_DECLARATION_DESIGNATED.value,
    "自我声明b": Route.SELF_DECLARATION_DESIGNATED.value,
    "自我声明(指定实验室检测)": Route.SELF_DECLARATION_DESIGNATED.value,
    "removed": Route.REMOVED.value, "调出目录": Route.REMOVED.value, "调出": Route.REMOVED.value,
}
RISKS = {"high": RiskLevel.HIGH.value, "高": RiskLevel.HIGH.value, "高风险": RiskLevel.HIGH.value,
         "medium": RiskLevel.MEDIUM.value, "中": RiskLevel.MEDIUM.value,
         "中风险": RiskLevel.MEDIUM.value, "low": RiskLevel.LOW.value, "低": RiskLevel.LOW.value,
         "低风险": RiskLevel.LOW.value}


def _parse(cells: Cells, today: dt.date) -> dict[str, Any]:
    group = cells.identifier("group_code", limit=4, required=True)
    if not (len(group) == 2 and group.isascii() and group.isdigit()):
        raise RowInvalid("group_code", gettext("大类代码应为两位数字"))
    code = cells.identifier("category_code", limit=8, required=True)
    if not is_category_code(code):
        raise RowInvalid("category_code", gettext("产品种类代码应为四位数字"))
    values: dict[str, Any] = {
        "group_code": group, "group_name": cells.text("group_name", limit=120, required=True),
        "code": code, "name": cells.text("category_name", limit=200, required=True),
        "route": cells.choice("route", ROUTES), "risk_level": cells.choice("risk_level", RISKS),
        "standards": cells.items("standards"), "effective_from": cells.date("effective_from"),
        "announcement": cells.text("announcement_number", limit=60, required=True),
        "announcement_title": cells.text("announcement_title", limit=300),
        "announcement_date": cells.date("announcement_date", required=False),
        "issuer": cells.text("issuer", limit=120),
        "from_licence": bool(cells.choice("from_production_licence", YES_NO, required=False)),
        "deadline": cells.date("transition_deadline", required=False),
        "description": cells.text("description", limit=2000),
        "note": cells.text("note", limit=300),
    }
    try:
        check_change(route=values["route"], risk_level=values["risk_level"],
                     effective_from=values["effective_from"],
                     from_production_licence=values["from_licence"],
                     transition_deadline=values["deadline"])
    except CatalogError as exc:
        column = "transition_deadline" if values["from_licence"] or values["deadline"] else "route"
        raise RowInvalid(column, str(exc)) from None
    return values


def _change_key(v: dict[str, Any]) -> tuple[Any, ...]:
    return (v["route"], v["risk_level"], tuple(v["standards"]), v["announcement"],
            v["from_licence"], v["deadline"])


def import_catalogue(path: str | Path, *, actor: Actor, filename: str | None = None,
                     max_bytes: int = 20 * 1024 * 1024) -> ImportResult:
    name = filename or Path(path).name
    result = ImportResult(filename=name)
    parsed = read_rows(path, COLUMNS, result, _parse, filename=name, max_bytes=max_bytes)
    announcements = {a.number: a for a in Announcement.objects.all()}
    groups = {g.code: g for g in ProductGroup.objects.all()}
    categories = {c.code: c for c in ProductCategory.objects.select_related("group")}
    stored = {(c.category.code, c.effective_from): c for c in
              CategoryChange.objects.select_related("category", "announcement")}
    seen: dict[tuple[str, dt.date], tuple[int, tuple[Any, ...]]] = {}
    new_announcements: dict[str, dict[str, Any]] = {}
    writes = []
    for row, v in parsed:
        err = None
        if v["announcement"] not in announcements and v["announcement"] not in new_announcements:
            if not v["announcement_title"] or v["announcement_date"] is None:
                err = column_error(COLUMNS, row, "announcement_title",
                                   gettext("新公告须填写公告标题和公告日期"))
            else:
                new_announcements[v["announcement"]] = v
        category = categories.get(v["code"])
        if err is None and category is not None and category.group.code != v["group_code"]:
            err = column_error(COLUMNS, row, "group_code",
                               gettext("产品种类%(category)s已属于大类%(group)s")
                               % {"category": v["code"], "group": category.group.code})
        key = (v["code"], v["effective_from"])
        if err is None and key in seen and seen[key][1] != _change_key(v):
            err = column_error(COLUMNS, row, "effective_from",
                               gettext("与第%(row)s行是同一产品种类同一日期的不同调整")
                               % {"row": seen[key][0]})
        old = stored.get(key)
        if err is None and old is not None and (
                old.route, old.risk_level, tuple(old.standards), old.announcement.number,
                old.from_production_licence, old.transition_deadline) != _change_key(v):
            err = column_error(COLUMNS, row, "effective_from",
                               gettext("该产品种类在此日期已有不同的调整；调整只能新增，不能改写"))
        if err is not None:
            result.add_error(err)
            continue
        if key not in seen:
            seen[key] = (row, _change_key(v))
            writes.append((old is not None, v))
    if not result.ok:
        return result
    with transaction.atomic():
        for number, v in new_announcements.items():
            announcements[number] = Announcement.objects.create(
                number=number, title=v["announcement_title"], issuer=v["issuer"],
                published_on=v["announcement_date"])
        for already, v in writes:
            if already:
                result.unchanged += 1
                continue
            group = groups.get(v["group_code"])
            if group is None:
                group = groups[v["group_code"]] = ProductGroup.objects.create(
                    code=v["group_code"], name=v["group_name"], position=int(v["group_code"]))
            category = categories.get(v["code"])
            if category is None:
                category = categories[v["code"]] = ProductCategory.objects.create(
                    code=v["code"], name=v["name"], group=group, description=v["description"])
            CategoryChange.objects.create(
                category=category, effective_from=v["effective_from"], route=v["route"],
                risk_level=v["risk_level"], standards=v["standards"],
                announcement=announcements[v["announcement"]],
                from_production_licence=v["from_licence"], transition_deadline=v["deadline"],
                note=v["note"], recorded_by=actor.user)
            result.created += 1
        if result.created or new_announcements:
            audit_append(action="catalog.catalogue.import", object_type="catalog.categorychange",
                         object_id=name[:64], object_repr=name, actor=actor,
                         after={"file": name, "changes": result.created,
                                "unchanged": result.unchanged,
                                "announcements": sorted(new_announcements),
                                "sha256": sha256_of(path)})
    return result
