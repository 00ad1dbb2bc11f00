"""Checking a certificate file, row by row, against the rules and the registry.

One streamed pass. Each row's cells are parsed (cells.py); the row is checked
on its own (dates in order, scheme known, body known, approved for the scheme
on the issue date, body the operator's own); then, a chunk of rows at a time,
against the database (holder known or to be created, certificate new,
unchanged, or changed in a way the lifecycle allows). Valid new and changed
rows go to the spool; what stays in memory is compact: per body the set of
numbers seen (duplicates), and per holder USCC its id or, for a holder to be
created, its name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection

from qualitycert.lib.normalize import name_search_key

from ..corrections import clean_sites
from ..models import (
    BodySchemeApproval,
    Certificate,
    CertificationBody,
    Enterprise,
    Scheme,
)
from ..models.lifecycle import validity_refusal
from . import cells
from .cells import CellError
from .columns import CERTIFICATE_COLUMNS
from .lifecycle import CertRow, CertState, PlanError, plan_update
from .report import ErrorLog
from .source import Rows, Spool

CHUNK = 2000
# A certificate registered in one of these states arrived there by a decision.
ARRIVAL_NEEDS_REASON = frozenset({"suspended", "withdrawn", "cancelled"})
HELD_ERRORS = 10_000
# SQLite allows 999 parameters per statement in older builds.
LOOKUP_BATCH = 900
NEW, UPDATE = "n", "u"


@dataclass
class BodyInfo:
    id: int
    approved_on: dt.date | None
    valid_until: dt.date | None
    approvals: dict[int, list[BodySchemeApproval]] = field(default_factory=dict)
    # (scheme_id, day) -> approved; a file has a few thousand distinct issue dates.
    _approved: dict[tuple[int, dt.date], bool] = field(default_factory=dict)

    def approved_for(self, scheme_id: int, day: dt.date) -> bool:
        key = (scheme_id, day)
        approved = self._approved.get(key)
        if approved is None:
            approved = self._approved[key] = any(
                approval.covers(day) for approval in self.approvals.get(scheme_id, ()))
        return approved

    def lapsed_on(self, day: dt.date) -> bool:
        return bool((self.approved_on and day < self.approved_on)
                    or (self.valid_until and day > self.valid_until))


def load_bodies() -> dict[str, BodyInfo]:
    bodies = {number: BodyInfo(pk, approved_on, until) for pk, number, approved_on, until in
              CertificationBody.objects.values_list("pk", "approval_number", "approved_on",
                                                    "approval_valid_until")}
    by_id = {info.id: info for info in bodies.values()}
    for approval in BodySchemeApproval.objects.only("body_id", "scheme_id", "valid_from",
                                                    "valid_until"):
        by_id[approval.body_id].approvals.setdefault(approval.scheme_id, []).append(approval)
    return bodies


class CertificateChecker:
    """Validates the rows of one file; see the module docstring."""

    def __init__(self, rows: Rows, errors: ErrorLog, spool: Spool, *,
                 only_body_id: int | None, today: dt.date) -> None:
        self.rows = rows
        self.errors = errors
        self.spool = spool
        self.only_body_id = only_body_id
        self.today = today
        self.bodies = load_bodies()
        self.schemes: dict[str, int] = dict(Scheme.objects.values_list("code", "pk"))
        self.validity_years: dict[int, int] = dict(
            Scheme.objects.values_list("pk", "validity_years"))
        # Bureau staff import for every body; their suspensions and
        # withdrawals of registered certificates need a decision document.
        self.by_bureau = only_body_id is None
        self.numbers_seen: dict[int, dict[str, int]] = defaultdict(dict)
        self.holder_ids: dict[str, int] = {}
        self.holder_names: dict[str, str] = {}
        self.new_holders: dict[str, str] = {}
        # A registered holder the file names differently: uscc -> new name.
        # Reported, and applied as a rename that keeps the old name (曾用名).
        self.renames: dict[str, str] = {}
        self.created = self.updated = self.unchanged = 0
        self._body_cache: dict[str, BodyInfo | CellError] = {}
        self._scheme_cache: dict[str, int | CellError] = {}
        self._status_cache: dict[str, str | CellError] = {}
        self._last_name = ""

    # -------------------------------------------------------------- per row

    def _error(self, row: int, column: str, value: str, exc: CellError | PlanError) -> None:
        self.errors.add(row, column, value, exc.reason_zh, exc.reason_en)

    def _cached(self, cache: dict[str, Any], raw: str, parse: Any) -> Any:
        try:
            return cache[raw]
        except KeyError:
            pass
        try:
            value = parse(raw)
        except CellError as exc:
            value = exc
        if len(cache) < 10_000:
            cache[raw] = value
        return value

    def _body(self, raw: str) -> BodyInfo:
        def parse(text: str) -> BodyInfo:
            number = cells.approval_number(text)
            info = self.bodies.get(number)
            if info is None:
                raise CellError("认证机构未登记（请先导入认证机构）",
                                "no certification body with this approval number is registered")
            return info
        value = self._cached(self._body_cache, raw, parse)
        if isinstance(value, CellError):
            raise value
        return value  # type: ignore[no-any-return]

    def _scheme(self, raw: str) -> int:
        def parse(text: str) -> int:
            code = cells.identifier(text, max_length=32)
            if code not in self.schemes:
                raise CellError("认证项目代码未登记", "no scheme with this code")
            return self.schemes[code]
        value = self._cached(self._scheme_cache, raw, parse)
        if isinstance(value, CellError):
            raise value
        return value  # type: ignore[no-any-return]

    def _status(self, raw: str) -> str:
        value = self._cached(self._status_cache, raw,
                             lambda text: cells.choice(text, cells.CERTIFICATE_STATUSES))
        if isinstance(value, CellError):
            raise value
        return value  # type: ignore[no-any-return]

    def _holder_uscc(self, raw: str) -> str:
        # A code already seen was validated then; most holders hold several certificates.
        if raw in self.holder_ids or raw in self.new_holders:
            return raw
        return cells.uscc_code(raw)

    def _parsers(self, ix: dict[str, int]) -> list[tuple[str, int, Any]]:
        parsers: list[tuple[str, Any]] = [
            ("certificate_number", cells.identifier),
            ("body_approval_number", self._body),
            ("holder_uscc", self._holder_uscc),
            ("holder_name", _holder_name),
            ("scheme_code", self._scheme),
            ("scope", _scope),
            ("issued_on", cells.date),
            ("expires_on", cells.date),
            ("status", self._status),
            ("sites", _sites),
            ("last_surveillance_on", cells.optional_date),
            ("status_changed_on", cells.optional_date),
            ("status_reason", _status_reason),
            ("decision_number", _decision_number),
            ("decision_date", cells.optional_date),
        ]
        return [(name, ix[name], parse) for name, parse in parsers if name in ix]

    def parse(self, number: int, c: list[str], ix: dict[str, int],
              parsers: list[tuple[str, int, Any]]) -> CertRow | None:
        values: dict[str, Any] = {}
        ok = True
        for name, i, parse in parsers:
            try:
                values[name] = parse(c[i])
            except CellError as exc:
                self._error(number, name, c[i], exc)
                ok = False
        body: BodyInfo | None = values.get("body_approval_number")
        if body is not None and self.only_body_id is not None and body.id != self.only_body_id:
            # Nothing more is checked: the operator learns nothing about another body's data.
            self._error(number, "body_approval_number", c[ix["body_approval_number"]],
                        CellError("只能导入本机构颁发的证书",
                                  "you may import only your own body's certificates"))
            return None
        cert_number = values.get("certificate_number")
        if body is not None and cert_number is not None:
            first = self.numbers_seen[body.id].setdefault(cert_number, number)
            if first != number:
                self._error(number, "certificate_number", c[ix["certificate_number"]], CellError(
                    f"文件中重复：同一认证机构的此证书编号已在第{first}行出现",
                    f"duplicate in the file: row {first} has the same body and certificate "
                    "number"))
                ok = False
        if not ok:
            return None
        self._last_name = values["holder_name"]
        return self._check_row(number, c, ix, values)

    def _check_row(self, number: int, c: list[str], ix: dict[str, int],
                   v: dict[str, Any]) -> CertRow | None:
        errors: list[tuple[str, CellError]] = []
        body: BodyInfo = v["body_approval_number"]
        issued, expires = v["issued_on"], v["expires_on"]
        if not v["scope"]:
            errors.append(("scope", CellError("不能为空", "must not be empty")))
        if issued > self.today:
            errors.append(("issued_on", CellError("颁证日期晚于今天", "issued_on is in the future")))
        refused = validity_refusal(issued, expires, self.validity_years[v["scheme_code"]])
        if refused is not None:
            errors.append(("expires_on", CellError(refused.reason_zh, refused.reason_en)))
        if not body.approved_for(v["scheme_code"], issued):
            errors.append(("scheme_code", CellError(
                "颁证日期当天该认证机构未获批准从事此认证项目",
                "the body was not approved for this scheme on the issue date")))
        elif body.lapsed_on(issued):
            errors.append(("issued_on", CellError("颁证日期不在该认证机构的批准有效期内",
                                                  "the body's approval was not in force on "
                                                  "the issue date")))
        status = v["status"]
        if status == "expired" and not expires < self.today:
            errors.append(("status", CellError("状态为过期，但有效期至尚未届满",
                                               "status is expired but expires_on has not passed")))
        surveillance = v.get("last_surveillance_on")
        if surveillance is not None and not issued <= surveillance <= min(self.today, expires):
            errors.append(("last_surveillance_on", CellError(
                "最近监督审核日期应在颁证日期与今天（及有效期至）之间",
                "the last surveillance audit must fall between issued_on and today "
                "(and expires_on)")))
        changed_on = v.get("status_changed_on")
        for name, exc in errors:
            self._error(number, name, c[ix[name]], exc)
        if errors:
            return None
        return CertRow(
            row=number, body_id=body.id, number=v["certificate_number"],
            holder_uscc=v["holder_uscc"], scheme_id=v["scheme_code"], scope=v["scope"],
            sites=v.get("sites"), issued_on=issued, expires_on=expires, status=status,
            last_surveillance_on=surveillance, status_changed_on=changed_on,
            status_reason=v.get("status_reason", ""),
            decision_number=v.get("decision_number", ""), decision_date=v.get("decision_date"))

    # ------------------------------------------------------- against the db

    def _check_chunk(self, chunk: list[tuple[CertRow, str, list[str]]]) -> None:
        if not chunk:
            return
        self._resolve_holders(chunk)
        existing = self._existing({row.number for row, _, _ in chunk})
        ix = self.rows.index
        for row, name, raw in chunk:
            registered = self.holder_names.get(row.holder_uscc)
            if registered is not None and name_search_key(registered) != name_search_key(name):
                known = self.renames.setdefault(row.holder_uscc, name)
                if known != name and name_search_key(known) != name_search_key(name):
                    self.errors.add(row.row, "holder_name", name,
                                    f"同一统一社会信用代码在文件中对应不同名称（另见“{known}”）",
                                    f"the same USCC appears with another name in the file "
                                    f"({known!r})")
                    continue
            if row.holder_uscc not in self.holder_ids:
                known = self.new_holders.setdefault(row.holder_uscc, name)
                if known != name and name_search_key(known) != name_search_key(name):
                    self.errors.add(row.row, "holder_name", name,
                                    f"同一统一社会信用代码在文件中对应不同名称（另见“{known}”）",
                                    f"the same USCC appears with another name in the file "
                                    f"({known!r})")
                    continue
            state = existing.get((row.body_id, row.number))
            if state is None:
                problem = self._new_row_problem(row)
                if problem is not None:
                    column = problem[0] if problem[0] in ix else "status"
                    self._error(row.row, column, raw[ix[column]], problem[1])
                    continue
                self.created += 1
                self.spool.append(_spooled(NEW, row))
                continue
            try:
                steps = plan_update(state, row, today=self.today, by_bureau=self.by_bureau)
            except PlanError as exc:
                column = exc.column if exc.column in ix else "status"
                self._error(row.row, column, raw[ix[column]], exc)
                continue
            if steps:
                self.updated += 1
                self.spool.append(_spooled(UPDATE, row))
            else:
                self.unchanged += 1

    def _new_row_problem(self, row: CertRow) -> tuple[str, CellError] | None:
        """Rules for a certificate the file registers with its present state.
        A change to a registered one is judged by the lifecycle rules instead
        (plan_update), as if made by hand."""
        changed_on = row.status_changed_on
        if changed_on is not None and not row.issued_on <= changed_on <= self.today:
            return "status_changed_on", CellError("状态变更日期应在颁证日期与今天之间",
                                                  "status_changed_on must fall between "
                                                  "issued_on and today")
        if row.status in ARRIVAL_NEEDS_REASON and not row.status_reason:
            return "status_reason", CellError(
                "证书状态为暂停、撤销或注销时必须填写状态变更理由（status_reason）",
                "a suspended, withdrawn or cancelled certificate needs its status_reason")
        return None

    def _resolve_holders(self, chunk: list[tuple[CertRow, str, list[str]]]) -> None:
        unknown = list({row.holder_uscc for row, _, _ in chunk} - self.holder_ids.keys()
                       - self.new_holders.keys())
        for start in range(0, len(unknown), LOOKUP_BATCH):
            batch = unknown[start:start + LOOKUP_BATCH]
            for uscc, pk, name in Enterprise.objects.filter(uscc__in=batch).values_list(
                    "uscc", "pk", "name"):
                self.holder_ids[uscc] = pk
                self.holder_names[uscc] = name

    def _existing(self, numbers: set[str]) -> dict[tuple[int, str], CertState]:
        found: dict[tuple[int, str], CertState] = {}
        ordered = sorted(_registered_numbers(numbers))
        for start in range(0, len(ordered), LOOKUP_BATCH):
            for state in CertState.read(
                    Certificate.objects.filter(number__in=ordered[start:start + LOOKUP_BATCH])):
                found[(state.body_id, state.number)] = state
        return found

    def run(self) -> None:
        ix = self.rows.index
        parsers = self._parsers(ix)
        chunk: list[tuple[CertRow, str, list[str]]] = []
        for number, c in self.rows:
            row = None if c is None else self.parse(number, c, ix, parsers)
            if row is not None:
                chunk.append((row, self._last_name, c))  # type: ignore[arg-type]
            # A file of mostly bad rows fills the held errors rather than the chunk.
            if len(chunk) >= CHUNK or self.errors.held >= HELD_ERRORS:
                self._check_chunk(chunk)
                self.errors.commit()
                chunk = []
        if chunk:
            self._check_chunk(chunk)
        self.errors.commit()
        # Only needed while reading; the writing pass must not carry it.
        self.numbers_seen.clear()


def _registered_numbers(numbers: set[str]) -> set[str]:
    """Which of these certificate numbers the registry has (under any body).
    Most rows of a file are new: one plain indexed lookup per batch settles
    them, where building the full state query for 900 numbers costs more
    than the lookup itself."""
    table = connection.ops.quote_name(Certificate._meta.db_table)
    ordered = sorted(numbers)
    found: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), LOOKUP_BATCH):
            batch = ordered[start:start + LOOKUP_BATCH]
            placeholders = ", ".join(["%s"] * len(batch))
            cursor.execute(f"SELECT number FROM {table} WHERE number IN ({placeholders})",  # noqa: S608 # nosec B608 # quoted name, values bound
                           batch)
            found.update(number for (number,) in cursor.fetchall())
    return found


def _holder_name(raw: str) -> str:
    return cells.text(raw, max_length=200, required=True)


def _sites(raw: str) -> list[str]:
    # Stored as the correction action stores them, so a re-import compares equal.
    return clean_sites(cells.text_list(raw))


def _scope(raw: str) -> str:
    return cells.long_text(raw, max_length=10_000)


def _status_reason(raw: str) -> str:
    return cells.text(raw, max_length=500)


def _decision_number(raw: str) -> str:
    return cells.text(raw, max_length=100)


class Spooled(NamedTuple):
    """A checked row as the spool carries it from the checking pass to the
    writing pass: plain values only (marshal writes tuples of str, int, list,
    None), dates as ISO text. Written with tuple(), read back with _make()."""

    kind: str               # NEW or UPDATE
    row: int
    body_id: int
    number: str
    holder_uscc: str
    scheme_id: int
    scope: str
    sites: list[str] | None
    issued_on: str
    expires_on: str
    status: str
    last_surveillance_on: str | None
    status_changed_on: str | None
    status_reason: str
    decision_number: str
    decision_date: str | None

    @classmethod
    def of(cls, kind: str, row: CertRow) -> Spooled:
        def iso(day: dt.date | None) -> str | None:
            return None if day is None else day.isoformat()
        return cls(kind, row.row, row.body_id, row.number, row.holder_uscc, row.scheme_id,
                   row.scope, row.sites, row.issued_on.isoformat(), row.expires_on.isoformat(),
                   row.status, iso(row.last_surveillance_on), iso(row.status_changed_on),
                   row.status_reason, row.decision_number, iso(row.decision_date))

    def cert_row(self) -> CertRow:
        def day(value: str | None) -> dt.date | None:
            return None if value is None else dt.date.fromisoformat(value)
        return CertRow(self.row, self.body_id, self.number, self.holder_uscc, self.scheme_id,
                       self.scope, None if self.sites is None else list(self.sites),
                       dt.date.fromisoformat(self.issued_on),
                       dt.date.fromisoformat(self.expires_on), self.status,
                       day(self.last_surveillance_on), day(self.status_changed_on),
                       self.status_reason, self.decision_number, day(self.decision_date))


def _spooled(kind: str, row: CertRow) -> tuple[Any, ...]:
    return tuple(Spooled.of(kind, row))


def unspool(record: tuple[Any, ...]) -> tuple[str, CertRow]:
    spooled = Spooled._make(record)
    return spooled.kind, spooled.cert_row()


COLUMNS = CERTIFICATE_COLUMNS
