"""Certification-body files (认证机构名录), with each body's scheme approvals.

The `schemes` cell lists approvals as ``CODE[:FROM[~UNTIL]]`` separated by ;
or ；, e.g. ``ISO9001:2002-06-01~2027-05-31; CCC:2015-03-01~; ISO14001``.
FROM defaults to the body's approval date; an empty UNTIL means open-ended.
An approval is keyed by (scheme, FROM): a known one gets the UNTIL given,
a new one is added, and approvals the file does not mention are left alone.
"""

from __future__ import annotations

from typing import Any

from qualitycert.accounts.actor import Actor

from ..models import CertificationBody, ImportBatch, Scheme
from . import cells
from .batch import RegistryChanged
from .cells import CellError
from .record_actions import BODY_FIELDS, save_body
from .records import UPDATE, RecordChecker, RowProblem, iso, iso_date_parser
from .source import Progress, Spool

# A cell's approvals before the FROM default is known: (scheme_id, from | None, until | None).
Approval = tuple[int, str | None, str | None]


def parse_approvals(raw: str, schemes: dict[str, int]) -> list[Approval]:
    found: list[Approval] = []
    for item in cells.text_list(raw):
        code_part, _, dates = item.replace("：", ":").partition(":")
        code = cells.identifier(code_part, max_length=32)
        if code not in schemes:
            raise CellError(f"认证项目代码“{code}”未登记", f"no scheme with the code {code!r}")
        start_raw, _, end_raw = dates.replace("～", "~").partition("~")
        try:
            start = cells.date(start_raw).isoformat() if start_raw.strip() else None
            end = cells.date(end_raw).isoformat() if end_raw.strip() else None
        except CellError as exc:
            raise CellError(f"“{item}”：{exc.reason_zh}", f"{item!r}: {exc.reason_en}") from None
        if start and end and end < start:
            raise CellError(f"“{item}”：截止日期早于起始日期",
                            f"{item!r}: the end date is before the start date")
        found.append((schemes[code], start, end))
    return found


class BodyChecker(RecordChecker):
    key = "approval_number"
    required = frozenset({"approval_number", "name"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schemes = dict(Scheme.objects.values_list("code", "pk"))
        self.parsers = {
            "approval_number": cells.approval_number,
            "name": lambda raw: cells.text(raw, max_length=200, required=True),
            "uscc": cells.uscc_code,
            "accreditation": lambda raw: cells.text(raw, max_length=40),
            "approved_on": iso_date_parser(cells.date),
            "approval_valid_until": iso_date_parser(cells.date),
            "status": lambda raw: cells.choice(raw, cells.BODY_STATUSES),
            "schemes": lambda raw: parse_approvals(raw, schemes),
        }

    def check(self, values: dict[str, Any]) -> None:
        start, end = values.get("approved_on"), values.get("approval_valid_until")
        if start and end and end <= start:
            raise RowProblem("approval_valid_until", "批准有效期至必须晚于批准日期",
                             "approval_valid_until must be after approved_on")

    def existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for body in CertificationBody.objects.filter(approval_number__in=keys).prefetch_related(
                "approvals"):
            state = {name: getattr(body, name) for name in BODY_FIELDS}
            for name in ("approved_on", "approval_valid_until"):
                state[name] = iso(state[name])
            state["approvals"] = {(a.scheme_id, a.valid_from.isoformat()): iso(a.valid_until)
                                  for a in body.approvals.all()}
            found[body.approval_number] = state
        return found

    def _resolve(self, values: dict[str, Any], approved_on: str | None) -> list[list[Any]]:
        resolved = []
        for scheme_id, start, end in values.get("schemes", ()):
            start = start or approved_on
            if start is None:
                raise RowProblem("schemes", "认证领域缺少起始日期（也未给出批准日期）",
                                 "an approval has no start date and the body no approved_on")
            if end is not None and end < start:
                raise RowProblem("schemes", "认证领域截止日期早于起始日期",
                                 "an approval ends before it starts")
            resolved.append([scheme_id, start, end])
        return resolved

    def complete_new(self, values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "schemes": self._resolve(values, values.get("approved_on"))}

    def diff(self, current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        plain = {name: value for name, value in values.items() if name != "schemes"}
        changes = super().diff(current, plain)
        approved_on = values.get("approved_on") or current["approved_on"]
        approvals = [a for a in self._resolve(values, approved_on)
                     if current["approvals"].get((a[0], a[1]), "absent") != a[2]]
        if approvals:
            changes["schemes"] = approvals
        return changes


def write_bodies(checker: BodyChecker, spool: Spool, batch: ImportBatch, *, actor: Actor,
                 progress: Progress | None) -> dict[str, str]:
    for kind, row, key, values in spool:
        body = None
        if kind == UPDATE:
            body = CertificationBody.objects.filter(approval_number=key).first()
            if body is None:
                raise RegistryChanged(f"row {row}")
        fields = {name: value for name, value in values.items() if name != "schemes"}
        save_body(body, values=fields, approvals=values.get("schemes", []), actor=actor,
                  reason=f"{batch.label} 第{row}行")
    return {}
