"""Sampling results (监督抽查结果) as published lists: every row a tested
sample. A row naming a CCC category goes through the market check."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.models import Enterprise, Lab

from ..actions import check_sample_market
from ..models import (
    DrawnFrom,
    FollowUpState,
    ProductCategory,
    SampleStatus,
    SamplingRecord,
    SamplingResult,
)
from .common import (
    DATE_EN,
    DATE_ZH,
    LIST_EN,
    LIST_ZH,
    Cells,
    Column,
    ImportResult,
    RowError,
    RowInvalid,
    chunks,
    column_error,
    read_rows,
    sha256_of,
)

COLUMNS: tuple[Column, ...] = (
    Column("enterprise_uscc", gettext_noop("统一社会信用代码"), True, "受检企业（标称生产者）的统一社会信用代码",
           "USCC of the producer", "91120116MA05XXXXXX", ("受检企业统一社会信用代码", "uscc")),
    Column("enterprise_name", gettext_noop("企业名称"), False, "受检企业名称（仅供核对）",
           "producer's name (for reading only)", "天津滨海示例制造有限公司",
           ("受检企业", "受检单位名称")),
    Column("product", gettext_noop("产品名称"), True, "文字", "text", "低压成套开关设备", ("样品名称",)),
    Column("category_code", gettext_noop("CCC产品种类代码"), False, "强制性产品认证目录的四位代码，如0301",
           "the four-digit CCC category code, e.g. 0301", "0301", ("产品种类代码",)),
    Column("model", gettext_noop("规格型号"), False, "文字", "text", "GGD-380", ()),
    Column("industry_code", gettext_noop("行业代码"), False, "GB/T 4754，如C3823", "GB/T 4754, e.g. C3823",
           "C3823", ()),
    Column("lab_cma", gettext_noop("检验机构资质认定编号"), False, "12位CMA编号", "12-digit CMA number",
           "241212340123", ("CMA编号", "检验机构CMA编号")),
    Column("sampled_on", gettext_noop("抽样日期"), True, DATE_ZH, DATE_EN, "2026-03-05", ()),
    Column("tested_on", gettext_noop("检验完成日期"), False, DATE_ZH, DATE_EN, "2026-03-20", ()),
    Column("plan_name", gettext_noop("抽查计划"), False, "文字", "text", "2026年第一批区级监督抽查",
           ("抽查批次", "任务名称")),
    Column("drawn_from", gettext_noop("抽样环节"), False, "生产/流通 或 producer/market",
           "producer or market (生产/流通)", "生产", ()),
    Column("seller_name", gettext_noop("被抽样单位"), False, "流通领域抽样时的销售者", "the seller, when drawn on the market",
           "", ("销售者",)),
    Column("sample_number", gettext_noop("抽样单编号"), False, "文字", "text", "CY-2026-0001", ()),
    Column("result", gettext_noop("检验结论"), True, "合格/不合格 或 pass/fail", "pass or fail (合格/不合格)",
           "合格", ("结论", "检验结果")),
    Column("failed_items", gettext_noop("不合格项目"), False, LIST_ZH, LIST_EN, "", ()),
    Column("standard", gettext_noop("检验依据"), False, "标准编号", "standard", "GB/T 7251.12-2013",
           ("依据标准",)),
    Column("report_number", gettext_noop("检验报告编号"), False, "同一报告编号只能导入一次",
           "imported once per report number", "R-2026-0001", ("报告编号",)),
    Column("source", gettext_noop("数据来源"), False, "文字", "text", "2026年第一批区级监督抽查", ("来源",)),
)

RESULTS = {"合格": SamplingResult.PASS.value, "pass": SamplingResult.PASS.value,
           "passed": SamplingResult.PASS.value, "不合格": SamplingResult.FAIL.value,
           "fail": SamplingResult.FAIL.value, "failed": SamplingResult.FAIL.value}
DRAWN = {"生产": DrawnFrom.PRODUCER.value, "生产企业": DrawnFrom.PRODUCER.value,
         "生产领域": DrawnFrom.PRODUCER.value, "producer": DrawnFrom.PRODUCER.value,
         "流通": DrawnFrom.MARKET.value, "流通领域": DrawnFrom.MARKET.value,
         "market": DrawnFrom.MARKET.value}
_INDUSTRY = re.compile(r"[A-T]?\d{0,4}")


def _parse(cells: Cells, today: dt.date) -> dict[str, Any]:
    code = cells.uscc("enterprise_uscc")
    product = cells.text("product", limit=200, required=True)
    lab = cells.cma("lab_cma")
    result = cells.choice("result", RESULTS)
    failed = cells.items("failed_items")
    if result == SamplingResult.PASS and failed:
        raise RowInvalid("failed_items", gettext("结论为合格却列有不合格项目"))
    industry = cells.identifier("industry_code", limit=5)
    if industry and not _INDUSTRY.fullmatch(industry):
        raise RowInvalid("industry_code", gettext("行业代码应为GB/T 4754格式（如C3411）"))
    sampled_on = cells.date("sampled_on", today=today)
    tested_on = cells.date("tested_on", required=False, today=today)
    if tested_on is not None and sampled_on is not None and tested_on < sampled_on:
        raise RowInvalid("tested_on", gettext("检验完成日期早于抽样日期"))
    drawn_from = cells.choice("drawn_from", DRAWN, required=False,
                              default=DrawnFrom.PRODUCER.value)
    return {
        "uscc": code, "product": product, "lab": lab, "result": result, "failed_items": failed,
        "industry_code": industry, "sampled_on": sampled_on, "tested_on": tested_on,
        "category": cells.identifier("category_code", limit=8),
        "model": cells.text("model", limit=120), "drawn_from": drawn_from,
        "seller_name": cells.text("seller_name", limit=200),
        "sample_number": cells.identifier("sample_number"),
        "standard": cells.text("standard", limit=200),
        "plan_name": cells.text("plan_name", limit=200),
        "report_number": cells.identifier("report_number"),
        "source": cells.text("source", limit=300),
    }


def import_samplings(path: str | Path, *, filename: str | None = None, actor: Actor,
                     source: str = "", max_bytes: int = 50 * 1024 * 1024) -> ImportResult:
    """Check every row, then write all of them or none. Raises TableError when
    the file itself cannot be read (format, encoding, header)."""
    name = filename or Path(path).name
    result = ImportResult(filename=name)
    parsed = read_rows(path, COLUMNS, result, _parse, filename=name, max_bytes=max_bytes)
    enterprises = _ids(Enterprise, "uscc", [p["uscc"] for _, p in parsed])
    labs = _ids(Lab, "cma_number", [p["lab"] for _, p in parsed if p["lab"]])
    categories = dict(ProductCategory.objects.values_list("code", "pk"))
    reports = [p["report_number"] for _, p in parsed if p["report_number"]]
    existing: set[str] = set()
    for chunk in chunks(sorted(set(reports))):
        existing.update(SamplingRecord.objects.filter(report_number__in=chunk)
                        .values_list("report_number", flat=True))
    default_source = source or f"导入文件 {name}"
    seen: dict[str, int] = {}
    records = []
    for row, p in parsed:
        problem = _cross_check(row, p, enterprises, labs, categories, existing, seen)
        if problem is not None:
            result.add_error(problem)
            continue
        records.append(SamplingRecord(
            enterprise_id=enterprises[p["uscc"]], lab_id=labs.get(p["lab"]),
            category_id=categories.get(p["category"]), product=p["product"],
            model=p["model"], industry_code=p["industry_code"], sampled_on=p["sampled_on"],
            tested_on=p["tested_on"], plan_name=p["plan_name"], drawn_from=p["drawn_from"],
            seller_name=p["seller_name"], sample_number=p["sample_number"],
            status=SampleStatus.TESTED, result=p["result"], failed_items=p["failed_items"],
            standard=p["standard"], source=p["source"] or default_source,
            report_number=p["report_number"],
            follow_up_state=(FollowUpState.OPEN if p["result"] == SamplingResult.FAIL
                             else FollowUpState.NONE)))
    if not result.ok:
        return result
    with transaction.atomic():
        created = []
        for record in records:  # one by one: each needs its id for the market check
            record.save(force_insert=True)
            created.append(record)
        audit_append(action="catalog.samplings.import", object_type="catalog.samplingrecord",
                     object_id=name[:64], object_repr=name, actor=actor,
                     after={"file": name, "rows": len(created), "sha256": sha256_of(path)})
        for record in created:
            if record.category_id is not None:
                check_sample_market(record, actor=actor)
    result.created = len(created)
    return result


def _ids(model: Any, column: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(keys))):
        found.update(model.objects.filter(**{f"{column}__in": chunk}).values_list(column, "pk"))
    return found


def _cross_check(row: int, p: dict[str, Any], enterprises: dict[str, int], labs: dict[str, int],
                 categories: dict[str, int], existing: set[str], seen: dict[str, int]
                 ) -> RowError | None:
    if p["uscc"] not in enterprises:
        return column_error(COLUMNS, row, "enterprise_uscc",
                            gettext("企业%(uscc)s不在登记系统中，请先导入企业") % {"uscc": p["uscc"]})
    if p["lab"] and p["lab"] not in labs:
        return column_error(COLUMNS, row, "lab_cma",
                            gettext("检验机构%(cma)s不在登记系统中") % {"cma": p["lab"]})
    if p["category"] and p["category"] not in categories:
        return column_error(COLUMNS, row, "category_code",
                            gettext("产品种类代码%(code)s不在目录中") % {"code": p["category"]})
    number = p["report_number"]
    if number:
        if number in existing:
            return column_error(COLUMNS, row, "report_number",
                                gettext("报告编号%(number)s已导入过") % {"number": number})
        if number in seen:
            return column_error(COLUMNS, row, "report_number",
                                gettext("报告编号%(number)s与第%(row)s行重复")
                                % {"number": number, "row": seen[number]})
        seen[number] = row
    return None
