"""Writing XLSX exports safely, streamed (openpyxl ``write_only``).

Exports carry text that outsiders typed -- enterprise names, addresses,
supplier lists -- and officers open them in Excel or WPS. No cell may ever be
run as a formula: every text cell is stored as a string, and text a
spreadsheet would read as a formula also gets Excel's "quote prefix" style, so
it stays text even after someone edits the cell. The text itself is never
altered (no apostrophe is added), so an export re-imports unchanged.

Nothing here imports Django.
"""

from __future__ import annotations

import datetime
import decimal
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .tabular import is_formula_like

__all__ = ["Filled", "Sheet", "write_xlsx"]

Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]

# Column widths come from the header and the first rows only: rows stream
# past once and widths must be set before the first row is written.
WIDTH_SAMPLE_ROWS = 100
MIN_WIDTH = 8
MAX_WIDTH = 60
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file
# Excel keeps 15 significant digits; a longer integer (an ID number, a USCC
# typed as digits) would come back with its tail zeroed.
MAX_EXACT_INTEGER = 10**15



@dataclass(frozen=True)
class Filled:
    """A cell value with a solid background fill (`rgb`, e.g. "C6EFCE"): a
    verdict a reader should see at a glance. The value is written as any other."""

    value: object
    rgb: str


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
_BOLD = Font(bold=True)


def write_xlsx(target: str | os.PathLike[str] | IO[bytes], sheets: Sequence[Sheet]) -> None:
    """Write `sheets` -- (title, header, rows) each -- to an XLSX file or stream.

    Rows are consumed once, as an iterator, so a million-row export holds only
    the first `WIDTH_SAMPLE_ROWS` rows in memory. The header row is bold and
    frozen. Values: None is an empty cell; int, float, Decimal, bool, date,
    datetime and time keep their type (aware datetimes are converted to the
    process's local time, which Django sets to TIME_ZONE, since Excel has no
    time zones); integers of 16 digits or more become text so no digit is
    lost; anything else is written as text via str(). Characters XML cannot
    hold are replaced with U+FFFD and text is cut at Excel's 32,767 characters.
    Sheet titles are made valid and unique for Excel.
    """
    if not sheets:
        raise ValueError("write_xlsx needs at least one sheet")
    workbook = Workbook(write_only=True)
    titles: set[str] = set()
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title, titles))
        remaining = iter(rows)
        sample = list(islice(remaining, WIDTH_SAMPLE_ROWS))
        for index, width in enumerate(_column_widths(header, sample), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if header:
            sheet.freeze_panes = "A2"
            sheet.append([_cell(sheet, name, bold=True) for name in header])
        for row in chain(sample, remaining):
            sheet.append([_cell(sheet, value) for value in row])
    workbook.save(os.fspath(target) if isinstance(target, str | os.PathLike) else target)


def _cell(sheet: Any, value: object, *, bold: bool = False) -> object:
    fill = None
    if isinstance(value, Filled):
        fill = PatternFill(fill_type="solid", start_color=value.rgb, end_color=value.rgb)
        value = value.value
    value = _excel_value(value)
    formula_like = isinstance(value, str) and is_formula_like(value)
    # openpyxl turns text starting with "=" into a formula and "#N/A" and its
    # kind into error cells; only an explicit cell can force plain text.
    error_like = isinstance(value, str) and value.startswith("#")
    if fill is None and (not (bold or formula_like or error_like) or value is None):
        return value
    cell = WriteOnlyCell(sheet, value)
    if fill is not None:
        cell.fill = fill
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    if formula_like:
        cell.quotePrefix = True
    return cell


def _excel_value(value: object) -> object:
    if value is None or isinstance(value, bool | float | decimal.Decimal):
        return value
    if isinstance(value, int):
        return value if abs(value) < MAX_EXACT_INTEGER else str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:MAX_CELL_CHARS]


def _column_widths(header: Sequence[str], sample: list[Sequence[object]]) -> list[float]:
    count = max([len(header), *(len(row) for row in sample)], default=0)
    widths = [0] * count
    for row in chain([header], sample):
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _display_width(value))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _display_width(value: object) -> int:
    if isinstance(value, Filled):
        value = value.value
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    text = str(value)
    # The longest line counts for multi-line text; wide (CJK) characters take
    # two columns of Excel's width unit.
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        for line in text.splitlines() or [""]
    )


def _sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts (31 characters, none of \\ / ? * [ ] :, no quote at
    either end), unique without regard to case as Excel compares them."""
    base = _SHEET_TITLE_FORBIDDEN.sub("_", title).strip().strip("'")[:31] or "Sheet"
    candidate, counter = base, 1
    while candidate.casefold() in taken:
        counter += 1
        suffix = f" ({counter})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate
