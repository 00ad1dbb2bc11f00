"""Importing supervision-sampling results (监督抽查) from CSV or XLSX.

All rows or none: every row is checked first, and only a file without a
single bad row is written, in one transaction with one audit entry. The
result lists each bad row with its number (as Excel shows it), column and
reason, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib import uscc
from qualitycert.lib.identifiers import InvalidIdentifier, validate_cma_number
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.lib.tabular import TableError, is_formula_like, map_columns, open_table
from qualitycert.registry.models import Enterprise, Lab

from .models import SamplingRecord, SamplingResult

# canonical name → accepted headers, the Chinese label first (used in messages).
COLUMNS: dict[str, list[str]] = {
    "enterprise_uscc": ["统一社会信用代码", "受检企业统一社会信用代码", "uscc"],
    "enterprise_name": ["企业名称", "受检企业", "受检单位名称"],
    "product": ["产品名称", "样品名称"],
    "industry_code": ["行业代码"],
    "lab_cma": ["检验机构资质认定编号", "CMA编号", "检验机构CMA编号"],
    "sampled_on": ["抽样日期"],
    "plan_name": ["抽查计划", "抽查批次", "任务名称"],
    "result": ["检验结论", "结论", "检验结果"],
    "failed_items": ["不合格项目"],
    "report_number": ["检验报告编号", "报告编号"],
    "source": ["数据来源", "来源"],
}
REQUIRED = ("enterprise_uscc", "product", "sampled_on", "result")

RESULTS = {
    "合格": SamplingResult.PASS, "pass": SamplingResult.PASS, "passed": SamplingResult.PASS,
    "不合格": SamplingResult.FAIL, "fail": SamplingResult.FAIL, "failed": SamplingResult.FAIL,
}
_ITEM_SPLIT = re.compile(r"[；;、|\n]+")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
MAX_ERRORS_LISTED = 1000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message_zh}（row {self.row} {self.column}: {self.message_en}）"


@dataclass
class SamplingImportResult:
    filename: str
    rows_read: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class _RowInvalid(ValueError):
    def __init__(self, column: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.column, self.zh, self.en = column, zh, en


def _text(cells: list[str], index: dict[str, int], name: str, *, limit: int) -> str:
    position = index.get(name)
    value = cells[position].strip() if position is not None else ""
    if value and is_formula_like(value):
        raise _RowInvalid(name, "内容像是电子表格公式，已拒绝", "looks like a spreadsheet formula")
    if len(value) > limit:
        raise _RowInvalid(name, f"超过{limit}个字符", f"longer than {limit} characters")
    return value


def parse_date(raw: str, *, today: dt.date) -> dt.date:
    text = unicodedata.normalize("NFKC", raw).strip()
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise _RowInvalid("sampled_on", f"日期“{raw}”无效，应为YYYY-MM-DD",
                          f"{raw!r} is not a date (YYYY-MM-DD)") from None
    if day > today:
        raise _RowInvalid("sampled_on", "抽样日期晚于今天", "the sampling date is in the future")
    return day


def parse_result(raw: str) -> SamplingResult:
    key = unicodedata.normalize("NFKC", raw).strip().lower()
    if key not in RESULTS:
        raise _RowInvalid("result", f"检验结论“{raw}”无效，应为“合格”或“不合格”",
                          f"result {raw!r} must be 合格/pass or 不合格/fail")
    return RESULTS[key]


@dataclass
class _Lookups:
    enterprises: dict[str, int]
    labs: dict[str, int]
    existing_reports: set[str]


def _lookups(usccs: Iterable[str], cmas: Iterable[str], reports: Iterable[str]) -> _Lookups:
    def by_key(model: Any, column: str, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(keys), 900):  # under SQLite's parameter limit
            batch = keys[start:start + 900]
            found.update(model.objects.filter(**{f"{column}__in": batch})
                         .values_list(column, "pk"))
        return found

    report_list = sorted(set(reports))
    existing: set[str] = set()
    for start in range(0, len(report_list), 900):
        existing.update(SamplingRecord.objects.filter(
            report_number__in=report_list[start:start + 900])
            .values_list("report_number", flat=True))
    return _Lookups(by_key(Enterprise, "uscc", sorted(set(usccs))),
                    by_key(Lab, "cma_number", sorted(set(cmas))), existing)


def _parse_row(cells: list[str], index: dict[str, int], today: dt.date,
               default_source: str) -> dict[str, Any]:
    raw_uscc = _text(cells, index, "enterprise_uscc", limit=40)
    try:
        code = uscc.validate(raw_uscc)
    except uscc.InvalidUSCC as exc:
        raise _RowInvalid("enterprise_uscc", f"统一社会信用代码无效：{exc.reason_zh}",
                          f"invalid USCC: {exc.reason_en}") from None
    product = _text(cells, index, "product", limit=200)
    if not product:
        raise _RowInvalid("product", "产品名称不能为空", "the product is empty")
    lab = _text(cells, index, "lab_cma", limit=20)
    if lab:
        try:
            lab = validate_cma_number(lab)
        except InvalidIdentifier as exc:
            raise _RowInvalid("lab_cma", exc.reason_zh, exc.reason_en) from None
    result = parse_result(_text(cells, index, "result", limit=10))
    items_text = _text(cells, index, "failed_items", limit=2000)
    failed = [i.strip() for i in _ITEM_SPLIT.split(items_text) if i.strip()]
    if result == SamplingResult.PASS and failed:
        raise _RowInvalid("failed_items", "结论为合格却列有不合格项目",
                          "a passed sample lists failed items")
    industry = normalize_identifier(_text(cells, index, "industry_code", limit=5))
    if industry and not re.fullmatch(r"[A-T]?\d{0,4}", industry):
        raise _RowInvalid("industry_code", "行业代码应为GB/T 4754格式（如C3411）",
                          "industry code must follow GB/T 4754 (e.g. C3411)")
    return {
        "uscc": code, "product": product, "lab": lab, "result": result, "failed_items": failed,
        "industry_code": industry,
        "sampled_on": parse_date(_text(cells, index, "sampled_on", limit=20), today=today),
        "plan_name": _text(cells, index, "plan_name", limit=200),
        "report_number": normalize_identifier(_text(cells, index, "report_number", limit=64)),
        "source": _text(cells, index, "source", limit=300) or default_source,
    }


def import_samplings(path: str | Path, *, filename: str | None = None, actor: Actor,
                     source: str = "", max_bytes: int = 50 * 1024 * 1024) -> SamplingImportResult:
    """Check every row, then write all of them or none. Raises TableError when the
    file itself cannot be read (format, encoding, header)."""
    name = filename or Path(path).name
    result = SamplingImportResult(filename=name)
    today = timezone.localdate()
    default_source = source or f"导入文件 imported file {name}"
    parsed: list[tuple[int, dict[str, Any]]] = []
    with open_table(path, max_bytes=max_bytes, filename=name) as table:
        index = map_columns(table.header, COLUMNS, required=REQUIRED)
        for row_number, cells in table:
            result.rows_read += 1
            try:
                parsed.append((row_number, _parse_row(cells, index, today, default_source)))
            except _RowInvalid as exc:
                _error(result, RowError(row_number, COLUMNS[exc.column][0], exc.zh, exc.en))
    lookups = _lookups((p["uscc"] for _, p in parsed), (p["lab"] for _, p in parsed if p["lab"]),
                       (p["report_number"] for _, p in parsed if p["report_number"]))
    seen_reports: dict[str, int] = {}
    records = []
    for row_number, p in parsed:
        problem = _cross_check(p, lookups, seen_reports, row_number)
        if problem is not None:
            _error(result, problem)
            continue
        records.append(SamplingRecord(
            enterprise_id=lookups.enterprises[p["uscc"]],
            lab_id=lookups.labs[p["lab"]] if p["lab"] else None,
            product=p["product"], industry_code=p["industry_code"], sampled_on=p["sampled_on"],
            plan_name=p["plan_name"], result=p["result"], failed_items=p["failed_items"],
            source=p["source"], report_number=p["report_number"]))
    if result.rows_read == 0:
        _error(result, RowError(0, "", "文件没有数据行", "the file has no data rows"))
    if not result.ok:
        return result
    with transaction.atomic():
        SamplingRecord.objects.bulk_create(records, batch_size=500)
        audit_append(action="catalog.samplings.import", object_type="catalog.samplingrecord",
                     object_id=name[:64], object_repr=name, actor=actor,
                     after={"file": name, "rows": len(records), "sha256": _sha256(path)})
    result.created = len(records)
    return result


def _cross_check(p: dict[str, Any], lookups: _Lookups, seen: dict[str, int],
                 row_number: int) -> RowError | None:
    if p["uscc"] not in lookups.enterprises:
        return RowError(row_number, COLUMNS["enterprise_uscc"][0],
                        f"企业{p['uscc']}不在登记系统中，请先导入企业",
                        f"enterprise {p['uscc']} is not in the registry; import it first")
    if p["lab"] and p["lab"] not in lookups.labs:
        return RowError(row_number, COLUMNS["lab_cma"][0], f"检验机构{p['lab']}不在登记系统中",
                        f"lab {p['lab']} is not in the registry")
    number = p["report_number"]
    if number:
        if number in lookups.existing_reports:
            return RowError(row_number, COLUMNS["report_number"][0],
                            f"报告编号{number}已导入过", f"report {number} was already imported")
        if number in seen:
            return RowError(row_number, COLUMNS["report_number"][0],
                            f"报告编号{number}与第{seen[number]}行重复",
                            f"report {number} repeats row {seen[number]}")
        seen[number] = row_number
    return None


def _error(result: SamplingImportResult, error: RowError) -> None:
    result.error_count += 1
    if len(result.errors) < MAX_ERRORS_LISTED:
        result.errors.append(error)


def _sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["COLUMNS", "RowError", "SamplingImportResult", "TableError", "import_samplings"]
