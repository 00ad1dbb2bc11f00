"""What the three catalog imports share: columns, cell parsers, the row-error
report and the all-or-nothing run.

An import reads every row first; a file with a single bad row writes nothing
and reports every bad row with its number (as Excel shows it, header = row
1), column and reason in the reader's language (gettext: Chinese unless
English is active). A good file is written in one
transaction with one audit entry naming the file and its SHA-256. Rows equal
to what is stored already count as unchanged, so importing a file twice
changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.lib import uscc
from qualitycert.lib.i18n import pick
from qualitycert.lib.identifiers import InvalidIdentifier, validate_cma_number
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.lib.tabular import TableError, is_formula_like, map_columns, open_table

MAX_ERRORS_LISTED = 1000
DATE_ZH = "日期，YYYY-MM-DD（也接受 2025/1/10、2025年1月10日）"
DATE_EN = "date, YYYY-MM-DD (2025/1/10 and “2025年1月10日” accepted)"
LIST_ZH = "多项用“；”或“;”分隔"
LIST_EN = "several separated by ；or ;"


@dataclass(frozen=True)
class Column:
    """`label_zh` is the Chinese header (marked with gettext_noop: the
    report shows `label`, the header in the reader's language)."""

    name: str
    label_zh: str
    required: bool
    format_zh: str
    format_en: str
    example: str
    aliases: tuple[str, ...] = ()

    @property
    def template_header(self) -> str:
        # map_columns drops a trailing "(…)", so this one cell matches both names.
        return f"{self.label_zh}({self.name})"

    @property
    def label(self) -> str:
        return gettext(self.label_zh)


@dataclass(frozen=True)
class RowError:
    """A bad row: `column` is the column's label and `message` the reason,
    both in the language active when the file was read; `code` is the
    column's English name (`enterprise_uscc`)."""

    row: int
    column: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        if not self.column:
            return gettext("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}
        return gettext("第%(row)s行“%(column)s”列：%(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    filename: str
    rows_read: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_LISTED:
            self.errors.append(error)


class RowInvalid(ValueError):
    """A bad cell: the column's name and the reason in the active language."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


class Cells:
    """One row's cells by canonical column name, with parsers that raise
    RowInvalid naming the column."""

    def __init__(self, cells: list[str], index: dict[str, int]) -> None:
        self._cells, self._index = cells, index

    def has(self, name: str) -> bool:
        return name in self._index

    def text(self, name: str, *, limit: int, required: bool = False) -> str:
        position = self._index.get(name)
        value = self._cells[position].strip() if position is not None else ""
        if value and is_formula_like(value):
            raise RowInvalid(name, gettext("内容像是电子表格公式，已拒绝"))
        if len(value) > limit:
            raise RowInvalid(name, gettext("超过%(n)s个字符") % {"n": limit})
        if required and not value:
            raise RowInvalid(name, gettext("不能为空"))
        return value

    def identifier(self, name: str, *, limit: int = 64, required: bool = False) -> str:
        return normalize_identifier(self.text(name, limit=limit, required=required))

    def items(self, name: str, *, limit: int = 2000, required: bool = False) -> list[str]:
        raw = self.text(name, limit=limit, required=required)
        return [i.strip() for i in _ITEM_SPLIT.split(raw) if i.strip()]

    def date(self, name: str, *, required: bool = True, today: dt.date | None = None
             ) -> dt.date | None:
        raw = self.text(name, limit=20, required=required)
        if not raw:
            return None
        day = parse_date(raw, name)
        if today is not None and day > today:
            raise RowInvalid(name, gettext("日期晚于今天"))
        return day

    def uscc(self, name: str) -> str:
        raw = self.text(name, limit=40, required=True)
        try:
            return uscc.validate(raw)
        except uscc.InvalidUSCC as exc:
            raise RowInvalid(name, gettext("统一社会信用代码无效：%(reason)s")
                             % {"reason": pick(exc.reason_zh, exc.reason_en)}) from None

    def cma(self, name: str, *, required: bool = False) -> str:
        raw = self.text(name, limit=20, required=required)
        if not raw:
            return ""
        try:
            return validate_cma_number(raw)
        except InvalidIdentifier as exc:
            raise RowInvalid(name, pick(exc.reason_zh, exc.reason_en)) from None

    def choice(self, name: str, mapping: dict[str, str], *, required: bool = True,
               default: str = "") -> str:
        raw = self.text(name, limit=40, required=required)
        if not raw:
            return default
        key = unicodedata.normalize("NFKC", raw).strip().lower()
        if key not in mapping:
            shown = pick("、", ", ").join(dict.fromkeys(mapping))
            raise RowInvalid(name, gettext("“%(value)s”无效，可填：%(choices)s")
                             % {"value": raw, "choices": shown})
        return mapping[key]


_ITEM_SPLIT = re.compile(r"[；;、|\n]+")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_date(raw: str, column: str) -> dt.date:
    text = unicodedata.normalize("NFKC", raw).strip()
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise RowInvalid(column, gettext("日期“%(value)s”无效，应为YYYY-MM-DD")
                         % {"value": raw}) from None


YES_NO = {"是": "1", "否": "", "yes": "1", "no": "", "true": "1", "false": "", "1": "1", "0": ""}


Parsed = tuple[int, dict[str, Any]]


def read_rows(path: str | Path, columns: tuple[Column, ...], result: ImportResult,
              parse: Callable[[Cells, dt.date], dict[str, Any]], *, filename: str,
              max_bytes: int) -> list[Parsed]:
    """Parse every row; collect the good ones and report the bad ones. Raises
    TableError when the file itself cannot be read (format, encoding, header)."""
    today = timezone.localdate()
    mapping = {c.name: [c.label_zh, *c.aliases] for c in columns}
    required = [c.name for c in columns if c.required]
    labels = {c.name: c.label for c in columns}
    parsed: list[Parsed] = []
    with open_table(path, max_bytes=max_bytes, filename=filename) as table:
        index = map_columns(table.header, mapping, required=required)
        width = len(table.header)
        for row_number, cells in table:
            result.rows_read += 1
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                result.add_error(RowError(row_number, "",
                                          gettext("本行单元格多于表头（可能有未加引号的逗号）")))
                continue
            try:
                parsed.append((row_number, parse(Cells(cells, index), today)))
            except RowInvalid as exc:
                result.add_error(RowError(row_number, labels.get(exc.column, exc.column),
                                          exc.message, exc.column))
    if result.rows_read == 0:
        result.add_error(RowError(0, "", gettext("文件没有数据行")))
    return parsed


def column_error(columns: tuple[Column, ...], row: int, name: str, message: str) -> RowError:
    label = next((c.label for c in columns if c.name == name), name)
    return RowError(row, label, message, name)


def chunks(values: list[str], size: int = 900) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["Column", "ImportResult", "RowError", "RowInvalid", "TableError", "read_rows"]
