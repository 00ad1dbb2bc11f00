"""What an import found and did: the row errors, the counts, the XLSX report.

A file of a million bad rows must not hold a million error objects in memory,
so every error goes to a temporary spill file and only the first few hundred
stay in memory for the page and the batch record; the XLSX report and the
command's listing read the spill file back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from qualitycert.lib.i18n import pick
from qualitycert.lib.xlsx import write_xlsx

from .cells import CellError
from .spill import read_chunks, write_chunk

if TYPE_CHECKING:
    from ..models import ImportBatch

VALUE_SHOWN_CHARS = 100
KEPT_IN_MEMORY = 500


@dataclass(frozen=True)
class RowError:
    """`column` is the column's machine name (`status`), `label_zh` the Chinese
    label people read (证书状态); the label is shown in the active language and
    the name, where shown, in a field of its own."""

    row: int
    column: str
    value: str
    reason_zh: str
    reason_en: str
    label_zh: str = ""

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return pick(self.reason_zh, self.reason_en)

    @property
    def label(self) -> str:
        """The column's label in the active language (the registry catalogue
        holds every column label, in the context "import column"); the name
        when the column has no label."""
        return pgettext("import column", self.label_zh) if self.label_zh else self.column

    def as_list(self) -> list[Any]:
        """Both languages: what is spilled and kept in the batch's sample."""
        return [self.row, self.column, self.value, self.reason_zh, self.reason_en,
                self.label_zh]

    def as_report_row(self) -> list[Any]:
        return [self.row, self.label, self.column, self.value, self.reason]

    def __str__(self) -> str:
        where = _("第%(row)s行") % {"row": self.row} if self.row else _("文件")
        column = f" [{self.label}]" if self.column else ""
        value = f" “{self.value}”" if self.value else ""
        return f"{where}{column}{value}: {self.reason}"


def shown(value: str) -> str:
    """The value as typed, cut for display (the report is not a copy of the file)."""
    return value if len(value) <= VALUE_SHOWN_CHARS else value[:VALUE_SHOWN_CHARS] + "…"


class ErrorLog:
    """Errors as found; committed in row order. A checker finds some errors as it
    parses a row and others a chunk of rows later (against the database), so
    errors are held until the checker commits a chunk, then sorted by row."""

    def __init__(self, labels: dict[str, str] | None = None) -> None:
        self.labels = labels or {}  # column name -> Chinese label
        self.count = 0
        self.rows_with_errors = 0
        self._first: list[RowError] = []
        self._held: list[RowError] = []
        self._last_row: int | None = None
        self._spill: IO[bytes] | None = None
        self._pending: list[tuple[Any, ...]] = []

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, row: int, column: str, value: str, reason_zh: str, reason_en: str) -> None:
        """`column` is the column's name (`status`), or "" for the whole row or file."""
        self._held.append(RowError(row, column, shown(value), reason_zh, reason_en,
                                   self.labels.get(column, "")))
        self.count += 1

    def add_cell(self, row: int, column: str, value: str, error: CellError) -> None:
        self.add(row, column, value, error.reason_zh, error.reason_en)

    @property
    def held(self) -> int:
        return len(self._held)

    def commit(self) -> None:
        """Everything held so far is final: write it out in row order."""
        held, self._held = sorted(self._held, key=lambda e: e.row), []
        for error in held:
            if error.row != self._last_row:
                self.rows_with_errors += 1
                self._last_row = error.row
            if len(self._first) < KEPT_IN_MEMORY:
                self._first.append(error)
            self._pending.append(tuple(error.as_list()))
        if len(self._pending) >= 1000:
            self._flush()

    @property
    def first(self) -> list[RowError]:
        """The first errors, for the page and the batch record."""
        self.commit()
        return self._first

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile(prefix="qc-import-errors-")
        write_chunk(self._spill, self._pending)
        self._pending = []

    def __iter__(self) -> Iterator[RowError]:
        """Every error, in row order."""
        self.commit()
        self._flush()
        if self._spill is None:
            return
        self._spill.seek(0)
        for chunk in read_chunks(self._spill):
            for record in chunk:
                yield RowError(*record)
        self._spill.seek(0, 2)

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None


# The column's label, then its name as the file's header may spell it, each in its cell.
REPORT_HEADER = (gettext_lazy("行号"), gettext_lazy("列"), gettext_lazy("列名代码"),
                 gettext_lazy("值（原样）"), gettext_lazy("问题"))


def write_report_xlsx(errors: ErrorLog, target: str | Path | IO[bytes], *,
                      title: str = "") -> None:
    write_xlsx(target, [(title or _("错误"), [str(h) for h in REPORT_HEADER],
                         (e.as_report_row() for e in errors))])


@dataclass
class ImportResult:
    kind: str
    file_name: str
    file_sha256: str
    file_size: int
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    holders_created: int = 0
    # Registered holders the file names differently: (uscc, registered, new).
    # Applied as renames that keep the old name as a former name (曾用名).
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    errors: ErrorLog = field(default_factory=ErrorLog)
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def outcome(self) -> str:
        if self.errors:
            return "rejected"
        if self.dry_run:
            return "checked"
        return "applied" if self.created or self.updated or self.renamed else "unchanged"

    def summary(self) -> str:
        counts = _("%(rows)s 行：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s") % {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged}
        if self.holders_created:
            counts += _("；新建获证组织 %(n)s") % {"n": self.holders_created}
        if self.renamed:
            counts += _("；获证组织更名 %(n)s") % {"n": len(self.renamed)}
        if self.errors:
            return _("未导入任何数据：%(rows)s 行中有 %(bad)s 行有错误（%(problems)s 个问题）") % {
                "rows": self.rows, "bad": self.errors.rows_with_errors,
                "problems": self.errors.count}
        if self.dry_run:
            return _("校验通过（未写入）— %(counts)s") % {"counts": counts}
        batch = _("；批次 #%(pk)s") % {"pk": self.batch.pk} if self.batch is not None else ""
        return _("导入完成 — %(counts)s%(batch)s") % {"counts": counts, "batch": batch}
