"""How a changed row of an existing certificate becomes lifecycle steps.

The importer never edits a certificate's status or dates itself: it plans the
steps the row implies (correct scope/sites, renew, record a surveillance audit,
suspend/restore/withdraw/cancel/expire), checks each against the lifecycle's
TRANSITIONS table while validating, and at write time runs each step through
its action in qualitycert.registry.actions, so every change gets the same
event, signature and audit entry as a change made by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import QuerySet

from qualitycert.accounts.actor import Actor

from .. import actions
from ..corrections import correct_certificate_details
from ..models import Certificate, CertificateStatus, EventKind
from ..models.lifecycle import (
    STEP_TO,
    CertificateFacts,
    Decision,
    Refusal,
    StepRequest,
    earliest_step,
    refusal,
)
from ..queries import last_status_change_on

S = CertificateStatus


class CertState(NamedTuple):
    """What the registry holds for one certificate, as the planner needs it."""

    id: int
    body_id: int
    number: str
    holder_uscc: str
    scheme_id: int
    scope: str
    sites: list[str]
    issued_on: dt.date
    expires_on: dt.date
    status: str
    last_surveillance_on: dt.date | None
    # The earliest date a status-changing step may carry (actions.steps_from)
    # and whether that is the issue date rather than the current state's date.
    steps_from: dt.date
    steps_from_issue: bool
    validity_years: int

    @classmethod
    def read(cls, certificates: QuerySet[Certificate]) -> Iterator[CertState]:
        """The state of each of `certificates`, read in one query (the last
        status-changing event's date included, for steps_from)."""
        for (pk, body_id, number, uscc, scheme_id, scope, sites, issued_on, expires_on,
             status, surveillance_on, changed_on, last_on, years) in (
                certificates.annotate(last_event_on=last_status_change_on())
                .values_list("pk", "body_id", "number", "holder__uscc", "scheme_id",
                             "scope", "sites", "issued_on", "expires_on", "status",
                             "last_surveillance_on", "status_changed_on",
                             "last_event_on", "scheme__validity_years")):
            yield cls(pk, body_id, number, uscc, scheme_id, scope, sites, issued_on,
                      expires_on, status, surveillance_on,
                      *earliest_step(issued_on, changed_on, last_on), years)

    def facts(self, status: str, steps_from: dt.date, from_issue: bool) -> CertificateFacts:
        """The rules' view of this certificate part-way through a row's plan."""
        return CertificateFacts(self.number, status, self.issued_on, self.expires_on,
                                steps_from, from_issue, self.validity_years)


class CertRow(NamedTuple):
    """One validated row of a certificate file (normalised values). A tuple:
    a million of them are made per import."""

    row: int
    body_id: int
    number: str
    holder_uscc: str
    scheme_id: int
    scope: str
    sites: list[str] | None  # None: the file has no sites column
    issued_on: dt.date
    expires_on: dt.date
    status: str
    last_surveillance_on: dt.date | None
    status_changed_on: dt.date | None
    status_reason: str
    decision_number: str = ""
    decision_date: dt.date | None = None

    def decision(self) -> Decision | None:
        if not self.decision_number:
            return None
        return Decision(self.decision_number, self.decision_date or self.status_changed_on
                        or self.issued_on)


class PlanError(ValueError):
    def __init__(self, column: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_zh, reason_en)
        self.column = column
        self.reason_zh = reason_zh
        self.reason_en = reason_en


@dataclass(frozen=True)
class Step:
    kind: EventKind
    on: dt.date
    changes: dict[str, Any] = field(default_factory=dict)
    decision: Decision | None = None


def _error(refused: Refusal, columns: dict[str, str]) -> PlanError:
    """The rules' refusal, reported on the file's column it is about."""
    return PlanError(columns.get(refused.field, "status"), refused.reason_zh, refused.reason_en)


def plan_update(state: CertState, row: CertRow, *, today: dt.date,
                by_bureau: bool = False) -> list[Step]:
    """The steps that turn `state` into what `row` says, in the order they must
    run; [] when nothing differs. Raises PlanError when the registry's rules
    (models/lifecycle.py, the same the actions apply) forbid the change."""
    if row.holder_uscc != state.holder_uscc:
        raise PlanError("holder_uscc",
                        f"该证书已登记在另一获证组织名下（{state.holder_uscc}），不能通过导入变更获证组织",
                        f"this certificate is registered to another holder ({state.holder_uscc}); "
                        "an import cannot move it")
    if row.scheme_id != state.scheme_id:
        raise PlanError("scheme_code", "该证书已登记为另一认证项目，不能通过导入变更",
                        "this certificate is registered under another scheme; an import cannot "
                        "change it")
    steps: list[Step] = []
    status = state.status
    # Status-changing steps run in date order: none may be dated before this.
    earliest, earliest_is_issue = state.steps_from, state.steps_from_issue
    surveillance_on = state.last_surveillance_on

    corrections: dict[str, Any] = {}
    if row.scope != state.scope:
        corrections["scope"] = row.scope
    if row.sites is not None and row.sites != list(state.sites):
        corrections["sites"] = row.sites
    renewing = row.issued_on > state.issued_on
    if not renewing and (row.issued_on, row.expires_on) != (state.issued_on, state.expires_on):
        column = "issued_on" if row.issued_on != state.issued_on else "expires_on"
        raise PlanError(column,
                        f"与登记的颁证日期{state.issued_on.isoformat()}、有效期至"
                        f"{state.expires_on.isoformat()}不一致；导入只能通过换证（更晚的颁证日期）"
                        "变更日期，录入错误请在后台更正",
                        f"differs from the registered dates ({state.issued_on.isoformat()} to "
                        f"{state.expires_on.isoformat()}); an import changes dates only by "
                        "renewal (a later issued_on) — correct a typing error in the back office")
    if corrections:
        steps.append(Step(EventKind.CORRECT, today, corrections))
    if renewing:
        refused = refusal(state.facts(status, earliest, earliest_is_issue),
                          StepRequest(EventKind.RENEW, row.issued_on, row.status_reason,
                                      by_bureau, expires_on=row.expires_on), today=today)
        if refused is not None:
            raise _error(refused, {"status": "issued_on", "on": "issued_on",
                                   "expires_on": "expires_on"})
        earliest, earliest_is_issue = row.issued_on, False
        steps.append(Step(EventKind.RENEW, row.issued_on,
                          {"issued_on": row.issued_on, "expires_on": row.expires_on}))
        status, surveillance_on = S.VALID, None

    surveillance: Step | None = None
    new_surveillance = row.last_surveillance_on
    if new_surveillance is not None and new_surveillance != surveillance_on:
        if surveillance_on is not None and new_surveillance < surveillance_on:
            raise PlanError("last_surveillance_on",
                            f"早于已登记的最近监督审核日期{surveillance_on.isoformat()}",
                            f"earlier than the registered last surveillance audit "
                            f"({surveillance_on.isoformat()})")
        surveillance = Step(EventKind.SURVEILLANCE, new_surveillance)

    # A surveillance audit is recorded on a valid certificate: before a
    # suspension, after a restoration.
    if surveillance is not None and status == S.VALID:
        steps.append(surveillance)
        surveillance = None

    if row.status != status:
        on = row.status_changed_on or today
        if status == S.EXPIRED and row.status == S.VALID:
            raise PlanError("status", "证书已过期；恢复为有效须同时给出换证后的颁证日期和有效期至",
                            "the certificate has expired; to make it valid again give the "
                            "renewed issued_on and expires_on")
        kind = STEP_TO[CertificateStatus(row.status)]
        decision = row.decision()
        refused = refusal(state.facts(status, earliest, earliest_is_issue),
                          StepRequest(kind, on, row.status_reason, by_bureau, decision),
                          today=today)
        if refused is not None:
            raise _error(refused, {
                "on": "status" if row.status_changed_on is None else "status_changed_on",
                "reason": "status_reason", "decision_number": "decision_number",
                "decision_date": "decision_date"})
        steps.append(Step(kind, on, decision=decision))
        status = row.status

    if surveillance is not None:
        if status != S.VALID:
            raise _error(refusal(state.facts(status, earliest, earliest_is_issue),
                                 StepRequest(EventKind.SURVEILLANCE, surveillance.on),
                                 today=today) or Refusal("wrong_state", "status", "", ""),
                         {"status": "last_surveillance_on", "on": "last_surveillance_on"})
        steps.append(surveillance)
    return steps


def run_steps(cert: Certificate, steps: Sequence[Step], *, actor: Actor, reason: str) -> None:
    """Apply planned steps through the lifecycle actions (each atomic and audited)."""
    for step in steps:
        if step.kind == EventKind.CORRECT:
            correct_certificate_details(cert, scope=step.changes.get("scope", cert.scope),
                                        sites=step.changes.get("sites", cert.sites),
                                        reason=reason, actor=actor)
        elif step.kind == EventKind.RENEW:
            actions.renew_certificate(cert, issued_on=step.changes["issued_on"],
                                      expires_on=step.changes["expires_on"], actor=actor,
                                      reason=reason)
        elif step.kind == EventKind.SURVEILLANCE:
            actions.record_surveillance(cert, audited_on=step.on, actor=actor, reason=reason)
        elif step.kind == EventKind.SUSPEND:
            actions.suspend_certificate(cert, reason=reason, actor=actor, on=step.on,
                                        decision=step.decision)
        elif step.kind == EventKind.RESTORE:
            actions.restore_certificate(cert, reason=reason, actor=actor, on=step.on)
        elif step.kind == EventKind.WITHDRAW:
            actions.withdraw_certificate(cert, reason=reason, actor=actor, on=step.on,
                                         decision=step.decision)
        elif step.kind == EventKind.CANCEL:
            actions.cancel_certificate(cert, reason=reason, actor=actor, on=step.on)
        elif step.kind == EventKind.EXPIRE:
            actions.expire_certificate(cert, actor=actor, on=step.on)
        else:  # pragma: no cover - plan_update makes no other kind
            raise AssertionError(step.kind)
