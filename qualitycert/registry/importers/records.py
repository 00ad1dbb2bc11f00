"""Checking files of registry records keyed by one identifier: enterprises (by
USCC), certification bodies (by approval number), labs (by CMA number).

The shape is the certificate checker's, simpler: parse each row, refuse a key
given twice, then a chunk at a time compare with what the registry holds. An
empty optional cell means "leave as it is" (for a new record: the default), so
a file with fewer columns never erases data. Valid new and changed records go
to the spool as marshal-able values (dates as ISO text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .cells import CellError
from .report import ErrorLog
from .source import Rows, Spool

CHUNK = 2000
HELD_ERRORS = 10_000
NEW, UPDATE = "n", "u"
Parser = Callable[[str], Any]


class RowProblem(ValueError):
    """A row-level rule broken; names the column to report it on."""

    def __init__(self, column: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_zh, reason_en)
        self.column = column
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class RecordChecker:
    key: str
    required: frozenset[str]
    parsers: dict[str, Parser]

    def __init__(self, rows: Rows, errors: ErrorLog, spool: Spool, *,
                 only_body_id: int | None, today: dt.date) -> None:
        self.rows = rows
        self.errors = errors
        self.spool = spool
        self.today = today
        self.seen: dict[str, int] = {}
        self.created = self.updated = self.unchanged = 0

    # Subclasses: extra checks on one row, the registry's current values, the diff.
    def check(self, values: dict[str, Any]) -> None:
        """Raise RowProblem when the row's values contradict each other."""

    def existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def diff(self, current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """The fields to change (new values); raise RowProblem to refuse."""
        return {name: value for name, value in values.items()
                if name != self.key and current.get(name) != value}

    def complete_new(self, values: dict[str, Any]) -> dict[str, Any]:
        """A new record's values; raise RowProblem when one is missing."""
        return values

    # ------------------------------------------------------------------

    def _report(self, row: int, column: str, raw: list[str], reason_zh: str,
                reason_en: str) -> None:
        index = self.rows.index.get(column)
        value = raw[index] if index is not None else ""
        self.errors.add(row, column, value, reason_zh, reason_en)

    def parse(self, number: int, cells: list[str]) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for name, index in self.rows.index.items():
            raw = cells[index]
            if not raw.strip():
                if name in self.required:
                    self._report(number, name, cells, "不能为空", "must not be empty")
                    ok = False
                continue
            try:
                values[name] = self.parsers[name](raw)
            except CellError as exc:
                self._report(number, name, cells, exc.reason_zh, exc.reason_en)
                ok = False
        key = values.get(self.key)
        if key is not None:
            first = self.seen.setdefault(key, number)
            if first != number:
                self._report(number, self.key, cells, f"文件中重复：已在第{first}行出现",
                             f"duplicate in the file: row {first} has the same key")
                ok = False
        if not ok:
            return None
        try:
            self.check(values)
        except RowProblem as exc:
            self._report(number, exc.column, cells, exc.reason_zh, exc.reason_en)
            return None
        return values

    def _check_chunk(self, chunk: list[tuple[int, list[str], dict[str, Any]]]) -> None:
        if not chunk:
            return
        current = self.existing([values[self.key] for _, _, values in chunk])
        for number, cells, values in chunk:
            key = values[self.key]
            try:
                if key not in current:
                    record = self.complete_new(values)
                    self.created += 1
                    self.spool.append((NEW, number, key, record))
                    continue
                changes = self.diff(current[key], values)
            except RowProblem as exc:
                self._report(number, exc.column, cells, exc.reason_zh, exc.reason_en)
                continue
            if changes:
                self.updated += 1
                self.spool.append((UPDATE, number, key, changes))
            else:
                self.unchanged += 1

    def run(self) -> None:
        chunk: list[tuple[int, list[str], dict[str, Any]]] = []
        for number, cells in self.rows:
            values = None if cells is None else self.parse(number, cells)
            if values is not None:
                chunk.append((number, cells, values))  # type: ignore[arg-type]
            # A file of mostly bad rows fills the held errors rather than the chunk.
            if len(chunk) >= CHUNK or self.errors.held >= HELD_ERRORS:
                self._check_chunk(chunk)
                self.errors.commit()
                chunk = []
        if chunk:
            self._check_chunk(chunk)
        self.errors.commit()
        self.seen.clear()


def iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def iso_date_parser(parse: Callable[[str], dt.date]) -> Parser:
    return lambda raw: parse(raw).isoformat()
