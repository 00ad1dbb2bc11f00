"""`qualitycert import-dishonesty FILE --signer USER`: dishonesty entries sent
by other authorities (CSV or XLSX; columns in docs/data-formats.md).

All rows or none: every row is checked first (the enterprise must be in the
registry, the criterion and measures known, the dates in order, the decision
not listed already nor twice in the file), and a file with any bad row writes
nothing and reports every bad row. A good file is listed in one transaction,
each entry audited as the bureau's own are, plus one entry for the batch
naming the file and its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, gettext_noop, override

from qualitycert.accounts.actor import Actor
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.lib.tabular import is_formula_like, map_columns, open_table
from qualitycert.registry.models import Enterprise

from .access import require_bureau
from .actions.common import audit, today
from .actions.dishonesty import check_entry, list_dishonesty
from .models import Criterion, DishonestyEntry, EntrySource, Measure

# (name, Chinese header, required); the header is also the msgid of the
# column's label in a report, so a report names the column in its language.
COLUMNS = (
    ("uscc", gettext_noop("统一社会信用代码"), True),
    ("criterion", gettext_noop("认定情形"), True),
    ("legal_basis", gettext_noop("法律依据"), True),
    ("decision_number", gettext_noop("决定书文号"), True),
    ("authority", gettext_noop("认定机关"), True),
    ("starts_on", gettext_noop("列入日期"), True),
    ("ends_on", gettext_noop("届满日期"), False),
    ("duration_months", gettext_noop("期限（月）"), False),
    ("measures", gettext_noop("惩戒措施"), False),
    ("facts", gettext_noop("失信事实"), False),
)
LIMITS = {"legal_basis": 300, "decision_number": 120, "authority": 120, "facts": 4000}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_SPLIT = re.compile(r"[；;、|\n]+")


def _choices(values: Any) -> dict[str, str]:
    """Codes and Chinese labels, width- and case-folded, to codes. The labels
    are lazy: read them in Chinese, the files' language, whatever language
    the reader of the report has chosen."""
    mapping = {}
    with override(settings.LANGUAGE_CODE):
        for code, label in values.choices:
            mapping[code] = code
            mapping[unicodedata.normalize("NFKC", str(label)).lower()] = code
    return mapping


CRITERIA, MEASURES = _choices(Criterion), _choices(Measure)


@dataclass
class RowProblem:
    """A bad row: `column` is the column's code (`criterion`), the report
    shows its label in the reader's language; `message` is already in it."""

    row: int
    column: str
    message: str
    columns: ClassVar[tuple[tuple[str, str, bool], ...]] = COLUMNS

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return gettext("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}
        return gettext("第%(row)s行“%(column)s”列：%(message)s") % {
            "row": self.row, "column": self.label, "message": self.message}

    @property
    def label(self) -> str:
        """The column's header in the active language (its code if unknown)."""
        return next((gettext(header) for name, header, _ in self.columns if name == self.column),
                    self.column)


@dataclass
class DishonestyImport:
    filename: str
    rows_read: int = 0
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _date(raw: str) -> dt.date | None:
    match = _DATE.match(unicodedata.normalize("NFKC", raw).strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _not_a_date(raw: str) -> str:
    return gettext("日期无效，应为YYYY-MM-DD：%(v)s") % {"v": raw}


def _not_registered(uscc: str) -> str:
    return gettext("登记库中没有该企业：%(uscc)s") % {"uscc": uscc}


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def _parse(cells: dict[str, str], row: int, out: DishonestyImport) -> dict[str, Any] | None:
    bad = len(out.problems)

    def problem(column: str, message: str) -> None:
        out.problems.append(RowProblem(row, column, message))

    for name, value in cells.items():
        if value and is_formula_like(value):
            problem(name, gettext("内容像是电子表格公式，已拒绝"))
        if len(value) > LIMITS.get(name, 200):
            problem(name, gettext("超过%(n)s个字符") % {"n": LIMITS.get(name, 200)})
    criterion = CRITERIA.get(unicodedata.normalize("NFKC", cells["criterion"]).lower(), "")
    if not criterion:
        problem("criterion", gettext("未知的认定情形：%(v)s") % {"v": cells["criterion"]})
    measures = []
    for item in (i.strip() for i in _SPLIT.split(cells.get("measures", "")) if i.strip()):
        code = MEASURES.get(unicodedata.normalize("NFKC", item).lower())
        if code is None:
            problem("measures", gettext("未知的惩戒措施：%(v)s") % {"v": item})
        else:
            measures.append(code)
    starts = _date(cells["starts_on"])
    if starts is None:
        problem("starts_on", _not_a_date(cells["starts_on"]))
    ends = _date(cells["ends_on"]) if cells.get("ends_on") else None
    if cells.get("ends_on") and ends is None:
        problem("ends_on", _not_a_date(cells["ends_on"]))
    months = cells.get("duration_months", "").strip()
    if ends is None and not cells.get("ends_on"):
        if not months.isdigit() or not 1 <= int(months) <= 60:
            problem("ends_on", gettext("须填届满日期或期限（1–60个月）"))
        elif starts is not None:
            ends = _months_after(starts, int(months))
    if len(out.problems) > bad or starts is None or ends is None:
        return None
    fields: dict[str, Any] = {"criterion": criterion, "legal_basis": cells["legal_basis"],
              "decision_number": cells["decision_number"], "authority": cells["authority"],
              "starts_on": starts, "ends_on": ends, "measures": measures}
    for message in check_entry(**fields):
        problem("", message)
    if len(out.problems) > bad:
        return None
    return {**fields, "facts": cells.get("facts", ""),
            "uscc": normalize_identifier(cells["uscc"])}


def import_dishonesty(path: str | Path, *, actor: Actor, filename: str | None = None,
                      dry_run: bool = False) -> DishonestyImport:
    require_bureau(actor)
    name = filename or Path(path).name
    out = DishonestyImport(name)
    parsed: list[tuple[int, dict[str, Any]]] = []
    mapping = {c: [zh] for c, zh, _ in COLUMNS}
    with open_table(path, max_bytes=settings.QC_MAX_UPLOAD_BYTES, filename=name) as table:
        index = map_columns(table.header, mapping, required=[c for c, _, r in COLUMNS if r])
        for row, raw in table:
            out.rows_read += 1
            cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in index.items()}
            for c, _, required in COLUMNS:
                cells.setdefault(c, "")
                if required and not cells[c]:
                    out.problems.append(RowProblem(row, c, gettext("不能为空")))
            if any(p.row == row for p in out.problems):
                continue
            found = _parse(cells, row, out)
            if found is not None:
                parsed.append((row, found))
    if out.rows_read == 0:
        out.problems.append(RowProblem(0, "", gettext("文件没有数据行")))
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(
        uscc__in=[p["uscc"] for _, p in parsed])}
    seen: set[tuple[str, str, str]] = set()
    for row, p in parsed:
        key = (p["uscc"], p["authority"], p["decision_number"])
        if p["uscc"] not in enterprises:
            out.problems.append(RowProblem(row, "uscc", _not_registered(p["uscc"])))
        elif key in seen or DishonestyEntry.objects.filter(
                enterprise=enterprises[p["uscc"]], authority=p["authority"],
                decision_number=p["decision_number"]).exists():
            out.problems.append(RowProblem(row, "decision_number", gettext("该决定已列入")))
        seen.add(key)
    if out.problems or dry_run:
        return out
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with transaction.atomic():
        for _, p in parsed:
            enterprise = enterprises[p.pop("uscc")]
            list_dishonesty(enterprise=enterprise, source=EntrySource.IMPORTED, actor=actor, **p)
            out.created += 1
        audit("dishonesty.import", object_type="dishonesty_entry", object_id="batch",
              object_repr=name, actor=actor, reason=f"导入 {name}",
              after={"file": name, "sha256": digest, "rows": out.rows_read,
                     "created": out.created, "on": today()})
    return out


# --- penalties, complaints, awards … (`qualitycert import-facts`) ------------------

FACT_COLUMNS = (
    ("uscc", gettext_noop("统一社会信用代码"), True),
    ("kind", gettext_noop("事实类别"), True),
    ("occurred_on", gettext_noop("发生日期"), True),
    ("ends_on", gettext_noop("终止日期"), False),
    ("reference", gettext_noop("文书编号"), True),
    ("summary", gettext_noop("摘要"), False),
)


class FactProblem(RowProblem):
    columns = FACT_COLUMNS


@dataclass
class FactImport(DishonestyImport):
    unchanged: int = 0


def import_facts(path: str | Path, *, actor: Actor, filename: str | None = None,
                 dry_run: bool = False) -> FactImport:
    """Penalties (行政处罚), complaints (投诉举报), awards and brands … from a
    file, all rows or none, each fact recorded once per document number."""
    from .actions.facts import ENTERED_KINDS, enter_fact
    from .models import Fact, FactKind

    require_bureau(actor)
    name = filename or Path(path).name
    out = FactImport(name)
    kinds = {k: v for k, v in _choices(FactKind).items() if v in ENTERED_KINDS}
    parsed: list[tuple[int, dict[str, Any]]] = []
    now = today()
    with open_table(path, max_bytes=settings.QC_MAX_UPLOAD_BYTES, filename=name) as table:
        index = map_columns(table.header, {c: [zh] for c, zh, _ in FACT_COLUMNS},
                            required=[c for c, _, r in FACT_COLUMNS if r])
        for row, raw in table:
            out.rows_read += 1
            bad = len(out.problems)
            cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in index.items()}
            for c, _, required in FACT_COLUMNS:
                value = cells.setdefault(c, "")
                if required and not value:
                    out.problems.append(FactProblem(row, c, gettext("不能为空")))
                if value and is_formula_like(value):
                    out.problems.append(FactProblem(row, c, gettext("内容像是电子表格公式，已拒绝")))
                limit = 300 if c == "summary" else 120
                if len(value) > limit:
                    out.problems.append(FactProblem(row, c, gettext("超过%(n)s个字符") % {"n": limit}))
            kind = kinds.get(unicodedata.normalize("NFKC", cells["kind"]).lower())
            if cells["kind"] and kind is None:
                out.problems.append(FactProblem(row, "kind", gettext("不能导入此类事实：%(v)s")
                                               % {"v": cells["kind"]}))
            occurred = _date(cells["occurred_on"]) if cells["occurred_on"] else None
            if cells["occurred_on"] and (occurred is None or occurred > now):
                out.problems.append(FactProblem(row, "occurred_on", gettext("日期无效或晚于今天")))
            ends = _date(cells["ends_on"]) if cells["ends_on"] else None
            if cells["ends_on"] and (ends is None or (occurred and ends <= occurred)):
                out.problems.append(FactProblem(row, "ends_on", gettext("须为晚于发生日期的日期")))
            if len(out.problems) == bad:
                parsed.append((row, {"uscc": normalize_identifier(cells["uscc"]), "kind": kind,
                                     "occurred_on": occurred, "ends_on": ends,
                                     "reference": cells["reference"],
                                     "summary": cells["summary"]}))
    if out.rows_read == 0:
        out.problems.append(FactProblem(0, "", gettext("文件没有数据行")))
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(
        uscc__in=[p["uscc"] for _, p in parsed])}
    for row, p in parsed:
        if p["uscc"] not in enterprises:
            out.problems.append(FactProblem(row, "uscc", _not_registered(p["uscc"])))
    if out.problems or dry_run:
        return out
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with transaction.atomic():
        before = Fact.objects.count()
        for _, p in parsed:
            enter_fact(enterprise=enterprises[p.pop("uscc")], actor=actor, **p)
        out.created = Fact.objects.count() - before
        out.unchanged = len(parsed) - out.created
        audit("facts.import", object_type="fact", object_id="batch", object_repr=name,
              actor=actor, reason=f"导入 {name}",
              after={"file": name, "sha256": digest, "rows": out.rows_read,
                     "created": out.created, "unchanged": out.unchanged})
    return out
