"""Reading the State Council's yearly notices (放假调休安排) from a small file.

Two formats, both documented in docs/data-formats.md:

* JSON — one notice object, a list of them, or ``{"arrangements": [...]}``
  (the shape of workcalendar/data/arrangements.json). A notice has ``year``,
  ``document_number`` (文号), ``published_on`` (发布日期), optional ``title`` and
  ``note``, and ``days_off`` / ``working_days`` as lists (or one string) in
  the form ``day_lists.parse_days`` reads.
* CSV — one row per day: ``year`` (年度), ``date`` (日期), ``kind`` (类型:
  ``off``/放假 or ``work``/上班), and the notice's ``document_number`` (文号),
  ``published_on`` (发布日期), optional ``title`` (通知名称), which every row
  of a year repeats or leaves empty after the first.

Nothing is half-read: ``read_notices`` returns every notice or raises
``NoticeFileError`` naming every bad row or field. Each notice is also checked
against the law (``workdays.arrangement_errors``). This module is pure Python
and must not import Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from .day_lists import DayListError, parse_days
from .workdays import Arrangement, arrangement_errors

__all__ = ["NoticeFileError", "NoticeRecord", "default_title", "read_notices"]

MAX_FILE_BYTES = 1024 * 1024

CSV_COLUMNS = {
    "year": "year", "年度": "year", "date": "date", "日期": "date", "kind": "kind",
    "类型": "kind", "document_number": "document_number", "文号": "document_number",
    "published_on": "published_on", "发布日期": "published_on", "title": "title",
    "通知名称": "title", "note": "note", "备注": "note",
}
KINDS = {"off": False, "放假": False, "休": False, "work": True, "上班": True, "班": True}


def default_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


@dataclass(frozen=True)
class NoticeRecord:
    year: int
    title: str
    document_number: str
    published_on: dt.date | None
    note: str
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]

    @property
    def arrangement(self) -> Arrangement:
        return Arrangement(self.year, self.days_off, self.working_days)


class NoticeFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _year(value: Any, where: str, problems: list[str]) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(f"{where}：年度“{value}”不是整数")
        return None
    if not 1900 <= year <= 9999:
        problems.append(f"{where}：年度“{value}”超出范围")
        return None
    return year


def _published(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(f"{where}：发布日期“{value}”应写成 YYYY-MM-DD")
        return None


def _days(value: Any, where: str, problems: list[str]) -> frozenset[dt.date]:
    if value is None:
        return frozenset()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = "\n".join(value)
    elif isinstance(value, str):
        text = value
    else:
        problems.append(f"{where}：应为日期文字或其列表")
        return frozenset()
    try:
        return frozenset(parse_days(text))
    except DayListError as exc:
        problems.extend(f"{where}：{p}" for p in exc.problems)
        return frozenset()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _from_json(data: Any, problems: list[str]) -> list[NoticeRecord]:
    if isinstance(data, dict) and "arrangements" in data:
        data = data["arrangements"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        problems.append("JSON 文件应为一个通知、通知列表或 {\"arrangements\": [...]}")
        return []
    records = []
    for i, item in enumerate(data, start=1):
        where = f"第{i}个通知"
        if not isinstance(item, dict):
            problems.append(f"{where}：应为对象")
            continue
        before = len(problems)
        year = _year(item.get("year"), where, problems)
        published = _published(item.get("published_on"), where, problems)
        off = _days(item.get("days_off"), f"{where} 放假日期", problems)
        work = _days(item.get("working_days"), f"{where} 上班日期", problems)
        if year is None or len(problems) > before:
            continue
        records.append(NoticeRecord(
            year=year, title=_text(item.get("title")) or default_title(year),
            document_number=_text(item.get("document_number")), published_on=published,
            note=_text(item.get("note")), days_off=off, working_days=work))
    return records


def _from_csv(text: str, problems: list[str]) -> list[NoticeRecord]:
    reader = csv.DictReader(io.StringIO(text))
    header = {name: CSV_COLUMNS.get((name or "").strip().lower().lstrip("\ufeff"))
              for name in reader.fieldnames or []}
    missing = {"year", "date", "kind"} - set(header.values())
    if missing:
        problems.append(f"CSV 缺少列：{'、'.join(sorted(missing))}")
        return []
    notices: dict[int, dict[str, Any]] = {}
    for line, raw in enumerate(reader, start=2):
        row = {header[k]: _text(v) for k, v in raw.items() if k is not None and header.get(k)}
        where = f"第{line}行"
        year = _year(row.get("year"), where, problems)
        kind = KINDS.get(row.get("kind", "").lower())
        if kind is None:
            problems.append(f"{where}：类型“{row.get('kind', '')}”应为 放假/off 或 上班/work")
        try:
            days = parse_days(row.get("date", ""))
            if not days:
                problems.append(f"{where}：缺少日期")
        except DayListError as exc:
            problems.extend(f"{where}：{p}" for p in exc.problems)
            days = []
        if year is None or kind is None:
            continue
        notice = notices.setdefault(year, {"off": set(), "work": set(), "first": line})
        for field in ("document_number", "published_on", "title", "note"):
            value = row.get(field, "")
            if value and notice.setdefault(field, value) != value:
                problems.append(f"{where}：{year} 年的{field}与第{notice['first']}行不一致")
        notice["work" if kind else "off"].update(days)
    records = []
    for year, notice in notices.items():
        published = _published(notice.get("published_on"), f"{year} 年", problems)
        records.append(NoticeRecord(
            year=year, title=notice.get("title") or default_title(year),
            document_number=notice.get("document_number", ""), published_on=published,
            note=notice.get("note", ""), days_off=frozenset(notice["off"]),
            working_days=frozenset(notice["work"])))
    return records


def read_notices(content: bytes, *, filename: str) -> list[NoticeRecord]:
    """The notices in a JSON or CSV file (by its extension), or NoticeFileError."""
    if len(content) > MAX_FILE_BYTES:
        raise NoticeFileError(["文件过大：放假安排文件不应超过 1 MB"])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NoticeFileError(["文件不是 UTF-8 编码"]) from exc
    problems: list[str] = []
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NoticeFileError([f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列"]) from exc
        records = _from_json(data, problems)
    elif suffix == "csv":
        records = _from_csv(text, problems)
    else:
        raise NoticeFileError(["只接受 .json 或 .csv 文件"])
    seen: set[int] = set()
    for record in records:
        if record.year in seen:
            problems.append(f"{record.year} 年的放假安排在文件中出现了两次")
        seen.add(record.year)
        problems.extend(f"{record.year} 年：{p}" for p in arrangement_errors(record.arrangement))
    if not records and not problems:
        problems.append("文件中没有放假安排")
    if problems:
        raise NoticeFileError(problems)
    return sorted(records, key=lambda r: r.year)
