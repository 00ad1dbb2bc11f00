"""Reading an import file: its digest, its header, its rows; and the spool that
carries validated rows from the checking pass to the writing pass.

The checking pass reads the file once and writes each validated row, already
normalised, to a temporary spool (marshal, in chunks); the writing pass reads
the spool instead of parsing and validating the file a second time. Memory
holds one chunk at a time either way.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from qualitycert.lib.tabular import TableError, map_columns, open_table

from .cells import FORMULA_FIRST, formula_error, looks_like_formula
from .columns import Column, alias_map, required_names
from .report import ErrorLog
from .spill import read_chunks, write_chunk

PROGRESS_EVERY = 100_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class FileFacts:
    name: str
    sha256: str
    size: int


def file_facts(path: str | Path, name: str | None = None) -> FileFacts:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return FileFacts(name or Path(path).name, digest.hexdigest(), size)


def max_bytes_default() -> int:
    return int(settings.QC_MAX_UPLOAD_BYTES)


class Rows:
    """The data rows of a table with its columns resolved to indexes.

    Iterating yields (row_number, cells) for every data row; cells is None
    for a row already reported here — one whose mapped cells hold formula-like
    text (so the validators never see one) or that has more cells than the
    header (an unquoted comma, usually).
    """

    def __init__(self, table: Any, index: dict[str, int], columns: Sequence[Column],
                 errors: ErrorLog, progress: Progress | None) -> None:
        self.table = table
        self.index = index
        self.columns = columns
        self.errors = errors
        self.progress = progress
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, list[str] | None]]:
        mapped = [(i, name) for name, i in self.index.items()]
        width = len(self.table.header)
        errors, progress = self.errors, self.progress
        risky_first = FORMULA_FIRST
        count = 0
        for number, cells in self.table:
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(_("已读取 %(rows)s 行") % {"rows": f"{count:,}"})
            if len(cells) > width:
                errors.add(number, "", "", "该行的单元格多于表头的列数（可能有未加引号的逗号）",
                           "the row has more cells than the header (an unquoted comma?)")
                yield number, None
                continue
            clean = True
            for i, name in mapped:
                value = cells[i]
                # The table lookup settles almost every cell without a call.
                if value and risky_first.get(value[0], True) and looks_like_formula(value):
                    err = formula_error()
                    errors.add(number, name, value, err.reason_zh, err.reason_en)
                    clean = False
            yield number, cells if clean else None
        self.count = count


@contextmanager
def open_rows(path: str | Path, columns: Sequence[Column], errors: ErrorLog, *,
              filename: str | None = None, max_bytes: int | None = None,
              progress: Progress | None = None) -> Iterator[Rows]:
    """Open the file and map its header; TableError for an unreadable or
    hostile file or a header that lacks required columns."""
    with open_table(path, max_bytes=max_bytes or max_bytes_default(),
                    filename=filename) as table:
        index = map_columns(table.header, alias_map(columns), required=required_names(columns))
        yield Rows(table, index, columns, errors, progress)


class Spool:
    """Validated rows in a temporary file, written in chunks and read back once."""

    CHUNK = 2000

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="qc-import-spool-")
        self._buffer: list[tuple[Any, ...]] = []
        self.count = 0

    def append(self, record: tuple[Any, ...]) -> None:
        self._buffer.append(record)
        self.count += 1
        if len(self._buffer) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            write_chunk(self._file, self._buffer)
            self._buffer = []

    def chunks(self) -> Iterator[list[tuple[Any, ...]]]:
        self._flush()
        self._file.seek(0)
        yield from read_chunks(self._file)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for chunk in self.chunks():
            yield from chunk

    def close(self) -> None:
        self._file.close()


__all__ = ["FileFacts", "Rows", "Spool", "TableError", "file_facts", "open_rows"]
