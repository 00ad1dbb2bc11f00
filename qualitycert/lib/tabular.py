"""Reading uploaded tables (CSV and XLSX) safely and as a stream.

Registries of a million rows and more arrive here, and so do files from the
public: a hostile or broken upload must end in a `TableError` that a clerk can
read (Chinese and English), never in a crash, a hang or a memory blow-up.

What is defended, and where:

- Size: the file must be a regular file no larger than ``max_bytes``.
- Format: decided by magic bytes, never by the name. ``PK`` is a zip (XLSX),
  ``D0 CF 11 E0`` is a legacy ``.xls`` or a password-protected workbook (both are
  OLE2 containers, not zips), anything else is treated as CSV -- unless
  the name claims Excel, then it is refused rather than parsed as garbage text.
- Zip and XML bombs: refused by `xlsx_guard` before any part is parsed
  (see its docstring); every part is then parsed through defusedxml.
- Memory: CSV is read line by line with a cap on line length. An XLSX sheet
  is streamed row by row by `xlsx_reader`, each element dropped once read, a
  row refused once it holds more elements than any real row could. What stays
  in memory is the shared-strings table, packed at about its text size, which
  has its own limit. For the largest registries CSV is still the format that
  costs least.
- Encoding: the whole CSV is validated as UTF-8 (with or without BOM), then as
  GB18030 (a superset of GBK), before any row is handed out; a file that is
  neither is refused with the line of the offending bytes.

Nothing here imports Django.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import stat
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal

from .tabular_columns import is_formula_like, map_columns
from .tabular_errors import MiB, TableError, file_error, human_size
from .xlsx_guard import DEFAULT_XLSX_LIMITS, XlsxLimits, check_zip, xlsx_failure

if TYPE_CHECKING:
    from .xlsx_reader import Worksheet

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Table",
    "TableError",
    "XlsxLimits",
    "is_formula_like",
    "map_columns",
    "open_table",
]

DEFAULT_MAX_BYTES = 200 * MiB
# Room for the longest legitimate record many times over; a file without line
# breaks must not become one giant string.
MAX_LINE_CHARS = 1 * MiB
# A header below this many rows is not a header any clerk would recognise, and
# the limit keeps the search cheap on a sheet of styled but empty rows.
MAX_HEADER_SEARCH_ROWS = 1000
_CHUNK = 256 * 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".et")
_MARKUP_PREFIXES = (b"<!doctype", b"<html", b"<table", b"<?xml")

_MAX_COLUMNS = 16_384  # Excel's limit
# Elements one <row> may hold: every column with a value and a formula, plus
# generous room for rich-text runs. Beyond it a row is hostile, not data.
_MAX_ROW_ELEMENTS = _MAX_COLUMNS * 16

Rows = Generator[tuple[int, list[str]], None, None]


# --------------------------------------------------------------------------- table


class Table:
    """An open table: the header has been read, the rows are streamed.

    Iterate once to get ``(row_number, cells)`` for each row that is not blank.
    `row_number` is the row a person sees in Excel/WPS: the header is row 1 when
    the file starts with it, blank rows count, and a quoted CSV cell spanning
    several lines is still one row. Every row has at least ``len(header)``
    cells (padded with ""); a CSV row carrying non-blank values beyond the
    header is returned longer than the header -- usually a sign of an unquoted
    comma, which the importer should refuse. XLSX cells beyond the header are
    dropped: they have no column name to map to. Values are not stripped.

    Tables are made by `open_table`, and must be closed (use ``with``).
    """

    def __init__(
        self,
        *,
        format: Literal["csv", "xlsx"],
        filename: str,
        header: list[str],
        header_row: int,
        rows: Iterator[tuple[int, list[str]]],
        encoding: str | None,
        closers: Sequence[Callable[[], object]],
    ) -> None:
        self.format = format
        self.filename = filename
        self.header = header
        self.header_row = header_row
        self.encoding = encoding
        self._rows = rows
        self._closers = list(closers)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows

    def close(self) -> None:
        closers, self._closers = self._closers, []
        for close in closers:
            close()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Table {self.format} {self.filename!r} columns={len(self.header)}>"


def open_table(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    filename: str | None = None,
    xlsx_limits: XlsxLimits = DEFAULT_XLSX_LIMITS,
) -> Table:
    """Open an uploaded CSV or XLSX file and read its header.

    The format comes from the file's first bytes. `filename` is the name the
    uploader gave (uploads are stored under random names); it appears in
    messages, and a name ending in .xlsx/.xls with non-zip content is refused.
    Raises `TableError` for anything that cannot be read safely.
    """
    name = filename or Path(path).name
    raw = open(path, "rb")  # closed by Table.close, or below on refusal
    try:
        info = os.fstat(raw.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise file_error(name, "不是普通文件", "is not a regular file")
        if info.st_size > max_bytes:
            raise file_error(
                name,
                f"文件大小 {human_size(info.st_size)} 超过上限 {human_size(max_bytes)}",
                f"file size {human_size(info.st_size)} exceeds the limit of {human_size(max_bytes)}",
            )
        if info.st_size == 0:
            raise file_error(name, "文件是空的", "the file is empty")
        magic = raw.read(8)
        raw.seek(0)
        if magic.startswith(_ZIP_MAGIC):
            return _open_xlsx(raw, name, info.st_size, xlsx_limits)
        if magic == _OLE2_MAGIC:
            raise file_error(
                name,
                "这是旧版 .xls 文件或设置了密码的 Excel 文件，无法读取，"
                "请取消密码后在 Excel/WPS 中另存为 .xlsx 再上传",
                "this is a legacy .xls or a password-protected workbook; remove the "
                "password and save it as .xlsx",
            )
        if name.lower().endswith(_EXCEL_SUFFIXES):
            raise file_error(
                name,
                "文件名是 Excel 格式，但内容不是 Excel 工作簿（可能是改了扩展名的网页或文本），"
                "请在 Excel/WPS 中另存为 .xlsx 再上传",
                "the name says Excel but the content is not a workbook (perhaps a renamed web "
                "page or text file); save it as .xlsx",
            )
        return _open_csv(raw, name)
    except BaseException:
        raw.close()
        raise


# --------------------------------------------------------------------------- csv


def _open_csv(raw: IO[bytes], name: str) -> Table:
    head = raw.read(64 * 1024)
    stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf").lower()
    if stripped.startswith(_MARKUP_PREFIXES):
        raise file_error(
            name,
            "这是网页或 XML 文件，不是 CSV；请在 Excel/WPS 中另存为 .xlsx 或 CSV",
            "this is a web page or XML file, not CSV; save it as .xlsx or CSV",
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise file_error(
            name,
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为“CSV UTF-8”",
            "the file is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8'",
        )
    encoding = _detect_encoding(raw, head, name)
    delimiter = _guess_delimiter(head, encoding)

    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    reader = csv.reader(_bounded_lines(text, name), delimiter=delimiter)
    records = _csv_records(reader, name)
    header_row, header = _find_header(records, name)
    rows = _data_rows(records, len(header))
    return Table(
        format="csv",
        filename=name,
        header=header,
        header_row=header_row,
        rows=rows,
        encoding=encoding,
        closers=[text.close],
    )


def _detect_encoding(raw: IO[bytes], head: bytes, name: str) -> str:
    """Validate the whole file, streamed, and return the codec to read it with.

    UTF-8 goes first: GBK text is almost never valid UTF-8, while UTF-8 text is
    often valid (garbled) GB18030. When both fail, the encoding that got further
    is the one the file was meant to be in, so its failure is the one reported.
    """
    if head.startswith(codecs.BOM_UTF8):
        failure = _first_decode_failure(raw, "utf-8", skip=len(codecs.BOM_UTF8), name=name)
        if failure is None:
            return "utf-8-sig"
        failures = [failure]
    else:
        failures = []
        for encoding in ("utf-8", "gb18030"):
            failure = _first_decode_failure(raw, encoding, skip=0, name=name)
            if failure is None:
                return encoding
            failures.append(failure)
    line, offset = max(failures)
    raise TableError(
        f"“{name}”第 {line} 行（字节位置 {offset}）含有无法识别的字符：文件既不是有效的 UTF-8 "
        "也不是 GBK/GB18030 编码；请在 Excel/WPS 中另存为“CSV UTF-8”",
        f"{name!r} line {line} (byte offset {offset}) has bytes that are neither valid UTF-8 "
        "nor GBK/GB18030; save the file as 'CSV UTF-8'",
        row=line,
    )


def _first_decode_failure(
    raw: IO[bytes], encoding: str, *, skip: int, name: str
) -> tuple[int, int] | None:
    """(line, byte offset) of the first byte `encoding` cannot decode, or None."""
    raw.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    newlines = 0
    offset = skip
    previous_cr = False
    while chunk := raw.read(_CHUNK):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            line = newlines + _count_newlines(chunk[:nul], previous_cr) + 1
            raise TableError(
                f"“{name}”第 {line} 行含有 NUL 字节，不是文本文件（CSV）",
                f"{name!r} line {line} contains a NUL byte; this is not a text (CSV) file",
                row=line,
            )
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final=False)
        except UnicodeDecodeError as exc:
            # exc.start counts the bytes the decoder held back from the previous chunk.
            position = max(exc.start - pending, 0)
            return newlines + _count_newlines(chunk[:position], previous_cr) + 1, offset + position
        newlines += _count_newlines(chunk, previous_cr)
        previous_cr = chunk.endswith(b"\r")
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return newlines + 1, offset
    return None


def _count_newlines(data: bytes, previous_cr: bool) -> int:
    # \n, \r\n and a lone \r each end a line; neither UTF-8 nor GB18030 uses
    # these byte values inside a multi-byte character, so counting bytes is exact.
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if previous_cr and data.startswith(b"\n"):
        count -= 1
    return count


def _guess_delimiter(head: bytes, encoding: str) -> str:
    # Files saved as "Text (tab delimited)" are common enough to accept; the
    # first non-blank line decides, because a header rarely contains either.
    text = head.decode(encoding, errors="ignore")
    for line in text.splitlines():
        if line.strip():
            return "\t" if line.count("\t") > line.count(",") else ","
    return ","


def _bounded_lines(text: IO[str], name: str) -> Iterator[str]:
    line_number = 0
    while line := text.readline(MAX_LINE_CHARS):
        line_number += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise TableError(
                f"“{name}”第 {line_number} 行超过 {MAX_LINE_CHARS} 个字符，不像是表格文件",
                f"{name!r} line {line_number} is longer than {MAX_LINE_CHARS} characters; "
                "this does not look like a table",
                row=line_number,
            )
        yield line


def _csv_records(reader: Any, name: str) -> Rows:
    """Every record, blank ones included, numbered as a spreadsheet shows them."""
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            raise TableError(
                f"“{name}”第 {line} 行附近无法解析：单元格过长或引号不成对",
                f"{name!r} cannot be parsed near line {line}: a cell is too long or a "
                f"quote is not closed ({exc})",
                row=line,
            ) from exc
        except UnicodeDecodeError as exc:
            # Validated before reading; only a file changed under us gets here.
            raise TableError(
                f"“{name}”在读取过程中出现编码错误",
                f"{name!r} had an encoding error while being read",
            ) from exc
        number += 1
        yield number, cells


# --------------------------------------------------------------------------- xlsx


def _open_xlsx(raw: IO[bytes], name: str, size: int, limits: XlsxLimits) -> Table:
    check_zip(raw, name, size, limits)
    raw.seek(0)
    # Deferred: CSV-only callers need not pay for importing openpyxl.
    from .xlsx_reader import first_worksheet

    try:
        archive = zipfile.ZipFile(raw)
        sheet = first_worksheet(archive)
    except MemoryError:
        raise
    except Exception as exc:
        raise xlsx_failure(name, exc) from exc

    try:
        if sheet.part is None:
            raise file_error(name, "工作簿中没有工作表", "the workbook has no worksheet")
        search = _guard_xlsx(_xlsx_records(archive, sheet, 1, None), name, 0)
        try:
            header_row, header = _find_header(search, name)
        finally:
            search.close()
        records = _xlsx_records(archive, sheet, header_row + 1, len(header))
        rows = _guard_xlsx(_data_rows(records, len(header)), name, header_row)
    except BaseException:
        archive.close()
        raise
    return Table(
        format="xlsx",
        filename=name,
        header=header,
        header_row=header_row,
        rows=rows,
        encoding=None,
        closers=[rows.close, archive.close, raw.close],
    )


def _xlsx_records(archive: zipfile.ZipFile, sheet: Worksheet, min_row: int,
                  width: int | None) -> Rows:
    """The rows the sheet stores from `min_row` on, numbered as Excel shows
    them, `width` cells each (else as wide as the row, up to Excel's 16,384
    columns). Rows before `min_row` or out of order are skipped."""
    from .xlsx_reader import stream_rows

    next_row = min_row
    with archive.open(str(sheet.part)) as source:
        for number, cells in stream_rows(source, sheet.cells,
                                         max_row_elements=_MAX_ROW_ELEMENTS):
            if number < next_row:
                continue
            next_row = number + 1
            row_width = width or min(max((column for column, _ in cells), default=0),
                                     _MAX_COLUMNS)
            values = [""] * row_width
            for column, value in cells:
                if 1 <= column <= row_width:
                    values[column - 1] = _cell_text(value)
            yield number, values


def _guard_xlsx(rows: Rows, name: str, last_row: int) -> Rows:
    """Turn whatever reading the sheet raises into a TableError near the row."""
    from .xlsx_reader import RowTooWide

    try:
        for number, cells in rows:
            last_row = number
            yield number, cells
    except (TableError, MemoryError):
        raise
    except RowTooWide as exc:
        raise TableError(f"“{name}”第 {exc.row} 行附近单元格过多",
                         f"{name!r} has too many cells near row {exc.row}",
                         row=exc.row) from exc
    except Exception as exc:
        raise xlsx_failure(name, exc, row=last_row + 1) from exc
    finally:
        rows.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # Excel shows 15 significant digits; more would surface binary noise
        # such as 0.30000000000000004 that nobody typed.
        return format(value, ".15g")
    if isinstance(value, datetime.datetime):
        # A date-formatted number reads as a datetime; midnight is
        # what a date-only cell holds.
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)



# --------------------------------------------------------------------------- shared


def _find_header(
    records: Iterator[tuple[int, list[str]]], name: str
) -> tuple[int, list[str]]:
    """The first non-blank row, stripped, without empty trailing cells."""
    for number, cells in records:
        if not _is_blank(cells):
            header = [cell.strip().lstrip("\ufeff").strip() for cell in cells]
            while header and not header[-1]:
                header.pop()
            return number, header
        if number >= MAX_HEADER_SEARCH_ROWS:
            break
    raise file_error(
        name,
        "找不到表头：文件开头没有内容（第一行应为列名）",
        "no header row found: the first row should hold the column names",
    )


def _data_rows(records: Rows, width: int) -> Rows:
    for number, cells in records:
        if _is_blank(cells):
            continue
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        elif len(cells) > width:
            end = len(cells)
            while end > width and _is_blank(cells[end - 1 : end]):
                end -= 1
            del cells[end:]
        yield number, cells


def _is_blank(cells: list[str]) -> bool:
    # One join per row instead of a strip per cell: this runs a million times.
    joined = "".join(cells)
    return not joined or joined.isspace()
