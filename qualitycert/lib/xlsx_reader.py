"""Streaming the first worksheet of an XLSX workbook, with public APIs only.

A workbook is a zip of XML parts (ECMA-376 part 1): ``[Content_Types].xml``
names the workbook part, the workbook's relationships name its sheets and the
shared-strings table, ``xl/styles.xml`` says which cell styles are dates. This
module reads those parts with defusedxml and streams the sheet's
``<sheetData>`` with defusedxml's ``iterparse``, dropping each element once
read, so memory stays flat however many rows the sheet has. Only the
shared-strings table is held, packed as UTF-8 (see `SharedStrings`).

Cell values follow openpyxl's reading (``data_only``: a formula's cached
result, never its text), through openpyxl's public helpers: `from_excel` for
date-styled numbers, `is_date_format`/`is_timedelta_format` over
`BUILTIN_FORMATS` and the workbook's own formats, `from_ISO8601` for ``t="d"``
cells. openpyxl's read-only worksheet cannot be used instead: it keeps an
emptied element per row, a dict per row with a height or style, and cannot
bound the cells of one row (the measurements are in
docs/decisions/0012-xlsx-reader.md).

Everything raised here is an ordinary exception (KeyError, ValueError, an XML
parse error); the caller turns it into a message for the uploader. Nothing
here imports Django.
"""

from __future__ import annotations

import zipfile
from array import array
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from .xlsx_package import (
    SHARED_STRINGS_CONTENT_TYPE,
    content_types,
    relationships,
    rels_path,
    workbook_part,
)

__all__ = ["Cells", "RowTooWide", "SharedStrings", "Worksheet", "first_worksheet", "stream_rows"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
STYLES_PART = "xl/styles.xml"  # read by this fixed name, as Excel and openpyxl do

_SHEET_DATA = f"{_MAIN}sheetData"
_ROW = f"{_MAIN}row"
_CELL = f"{_MAIN}c"
_VALUE = f"{_MAIN}v"
_INLINE = f"{_MAIN}is"
_TEXT = f"{_MAIN}t"
_RUN = f"{_MAIN}r"
_SHARED_ITEM = f"{_MAIN}si"

Rows = Generator[tuple[int, list[Any]], None, None]


# --------------------------------------------------------------------------- strings


class SharedStrings(Sequence[str]):
    """The shared-strings table, packed: all texts as one UTF-8 buffer and
    the end offset of each. About the XML's text size plus 4 bytes a string,
    where a list of str costs some 60 bytes a string on top of the text."""

    def __init__(self) -> None:
        self._data = bytearray()
        # 4-byte offsets: the table's size limit keeps it far below 4 GiB (an
        # offset past that raises OverflowError rather than wrapping).
        self._ends = array("I")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        if not 0 <= index < len(self._ends):
            # A negative index would quietly read from the end of the table.
            raise IndexError(f"shared string {index} does not exist")
        start = self._ends[index - 1] if index else 0
        return self._data[start : self._ends[index]].decode("utf-8", "surrogatepass")


def read_shared_strings(source: Any) -> SharedStrings:
    strings = SharedStrings()
    root = None
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            if root is None:
                root = element
            continue
        if element.tag == _SHARED_ITEM:
            # Excel escapes a literal "_x000D_" as "_x005F_x000D_"; openpyxl
            # strips the escape this way, and so do we, to read the same text.
            strings.append(_plain_text(element).replace("x005F_", ""))
            root.remove(element)  # type: ignore[union-attr]
    return strings


def _plain_text(element: Any) -> str:
    """The text of a string item without formatting or phonetic runs
    (<rPh>, the furigana Excel stores beside Japanese names)."""
    parts = [element.findtext(_TEXT) or ""]
    parts.extend(run.findtext(_TEXT) or "" for run in element.iterfind(_RUN))
    return "".join(parts)


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class DateStyles:
    """Which cell styles (indexes into cellXfs) display a number as a date
    or a duration, and the workbook's date system."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    epoch: Any = WINDOWS_EPOCH


def read_date_styles(styles_root: Any | None, epoch: Any) -> DateStyles:
    if styles_root is None:
        return DateStyles(epoch=epoch)
    custom = {
        int(fmt.get("numFmtId", "-1")): fmt.get("formatCode")
        for fmt in styles_root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")
    }
    dates, durations = set(), set()
    for index, xf in enumerate(styles_root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        number_format = int(xf.get("numFmtId", "0"))
        code = custom[number_format] if number_format in custom else BUILTIN_FORMATS.get(
            number_format)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return DateStyles(frozenset(dates), frozenset(durations), epoch)


# --------------------------------------------------------------------------- the sheet


class RowTooWide(ValueError):
    """A <row> holds more elements than the caller allows."""

    def __init__(self, row: int) -> None:
        super().__init__(f"too many cells near row {row}")
        self.row = row


@dataclass
class Cells:
    """Turns <c> elements into Python values as openpyxl's ``data_only``
    reading does: numbers as int or float, dates by their cell style, shared
    and inline strings as text, booleans, errors (#N/A …) as their text."""

    strings: Sequence[str] = field(default_factory=SharedStrings)
    styles: DateStyles = field(default_factory=DateStyles)

    def row(self, element: Any, previous: int) -> tuple[int, list[tuple[int, Any]]]:
        """(row number, [(column, value), …]) of a <row>; `previous` is the
        number of the row before, for rows that do not say theirs."""
        number = _row_number(element.get("r"), previous)
        column = 0
        values = []
        for cell in element.iterfind(_CELL):
            reference = cell.get("r")
            column = coordinate_to_tuple(reference)[1] if reference else column + 1
            values.append((column, self.value(cell)))
        return number, values

    def value(self, cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return None if inline is None else _plain_text(inline)
        raw = cell.findtext(_VALUE) or None
        if raw is None:
            return None
        if kind == "n":
            number = float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
            style = int(cell.get("s") or 0)
            if style not in self.styles.dates:
                return number
            try:
                return from_excel(number, self.styles.epoch,
                                  timedelta=style in self.styles.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # what Excel shows for a date out of its range
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text result), "e" (an error such as #N/A)


def _row_number(declared: str | None, previous: int) -> int:
    if declared is None:
        return previous + 1
    try:
        return int(declared)
    except ValueError:
        number = float(declared)  # some writers put r="5.0"
        if not number.is_integer():
            raise ValueError(f"{declared!r} is not a row number") from None
        return int(number)


def stream_rows(source: Any, cells: Cells, *, max_row_elements: int) -> Rows:
    """(row number, [(column, value), …]) for each <row> of <sheetData>, in
    the order stored. Every element is removed from the tree once it has
    ended, rows as soon as they are parsed, and parsing stops at
    </sheetData>: nothing read stays in memory. A row with more than
    `max_row_elements` elements (cells, values, text runs) raises
    `RowTooWide` before it is built."""
    stack: list[Any] = []
    row: Any = None
    row_elements = 0
    previous = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            if row is not None:
                row_elements += 1
                if row_elements > max_row_elements:
                    raise RowTooWide(previous + 1)
            elif element.tag == _ROW and stack and stack[-1].tag == _SHEET_DATA:
                row, row_elements = element, 1
            stack.append(element)
            continue
        stack.pop()
        if element.tag == _SHEET_DATA:
            return
        if row is not None and element is not row:
            continue  # part of the row being read: needed until the row ends
        if stack:
            stack[-1].remove(element)
        if element is not row:
            continue
        row = None
        previous, values = cells.row(element, previous)
        yield previous, values


# --------------------------------------------------------------------------- workbook


@dataclass(frozen=True)
class Worksheet:
    part: str | None
    cells: Cells


def first_worksheet(archive: zipfile.ZipFile) -> Worksheet:
    """The first worksheet of the workbook in `archive` (the first one listed,
    as the templates we hand out have it; the active sheet depends on where
    the uploader last clicked), with what its cells need: shared strings, date
    styles, the date system. `part` is None when the workbook has no
    worksheet. The caller has checked every part's size (xlsx_guard)."""
    overrides, defaults = content_types(fromstring(archive.read("[Content_Types].xml")))
    workbook = workbook_part(overrides, defaults)
    if workbook is None:
        raise KeyError("no workbook part in [Content_Types].xml")
    root = fromstring(archive.read(workbook))
    properties = root.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "").lower() in {"1", "true"}

    members = set(archive.namelist())
    workbook_rels = rels_path(workbook)
    rels = fromstring(archive.read(workbook_rels)) if workbook_rels in members else None
    worksheets = {
        rel_id: target
        for rel_id, kind, target in (relationships(rels, workbook_rels) if rels is not None else ())
        if kind.endswith("/worksheet") and target in members
    }
    part = next((worksheets[sheet.get(f"{_OFFICE_REL}id", "")]
                 for sheet in root.iterfind(f"{_MAIN}sheets/{_MAIN}sheet")
                 if sheet.get(f"{_OFFICE_REL}id", "") in worksheets), None)

    strings = SharedStrings()
    table = next((p for p, kind in overrides.items() if kind == SHARED_STRINGS_CONTENT_TYPE), None)
    if table is not None and part is not None:
        with archive.open(table) as source:
            strings = read_shared_strings(source)
    styles = fromstring(archive.read(STYLES_PART)) if STYLES_PART in members else None
    epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
    return Worksheet(part, Cells(strings, read_date_styles(styles, epoch)))
