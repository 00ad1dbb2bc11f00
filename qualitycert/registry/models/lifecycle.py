"""A certificate's lifecycle rules, in one place.

Which step may start from which state and where it leads (TRANSITIONS), and
every other condition a step must meet: not dated in the future, not dated
before the step it follows, a reason for a decision, the decision document
when the bureau acts on a body's certificate, an end date within the scheme's
validity. `refusal()` states them over plain values, so the importer can ask
it of a million rows without loading a model each; `Certificate.can()` asks
it of one certificate. The actions, the back-office forms and admin actions,
the importer and the `certificate-step` command all ask it, so each refuses
the same wrong steps with the same words and the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycert.lib.i18n import pick

from .reasons import is_standard, needs_words, reasons_for


class CertificateStatus(models.TextChoices):
    """Stored values are the API spellings (DESIGN.md §4)."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停")
    WITHDRAWN = "withdrawn", _("撤销")
    CANCELLED = "cancelled", _("注销")
    EXPIRED = "expired", _("过期")


class EventKind(models.TextChoices):
    ISSUE = "issue", _("颁证")
    SURVEILLANCE = "surveillance", _("监督审核")
    SUSPEND = "suspend", _("暂停")
    RESTORE = "restore", _("恢复")
    WITHDRAW = "withdraw", _("撤销")
    CANCEL = "cancel", _("注销")
    EXPIRE = "expire", _("过期")
    RENEW = "renew", _("换证/再认证")
    CORRECT = "correct", _("信息更正")


S = CertificateStatus
E = EventKind


class Transition(NamedTuple):
    sources: frozenset[str]   # the states the step may start from
    target: str | None        # where it leads; None: the status stays


TRANSITIONS: dict[EventKind, Transition] = {
    E.SURVEILLANCE: Transition(frozenset({S.VALID}), None),
    E.SUSPEND: Transition(frozenset({S.VALID}), S.SUSPENDED),
    E.RESTORE: Transition(frozenset({S.SUSPENDED}), S.VALID),
    E.WITHDRAW: Transition(frozenset({S.VALID, S.SUSPENDED}), S.WITHDRAWN),
    E.CANCEL: Transition(frozenset({S.VALID, S.SUSPENDED}), S.CANCELLED),
    E.EXPIRE: Transition(frozenset({S.VALID, S.SUSPENDED}), S.EXPIRED),
    E.RENEW: Transition(frozenset({S.VALID, S.EXPIRED}), S.VALID),
    E.CORRECT: Transition(frozenset(S.values), None),
}
# The step that leads to each status (an import names the status it wants).
STEP_TO: dict[str, EventKind] = {S.VALID: E.RESTORE, S.SUSPENDED: E.SUSPEND,
                                 S.WITHDRAWN: E.WITHDRAW, S.CANCELLED: E.CANCEL,
                                 S.EXPIRED: E.EXPIRE}
# Surveillance audits and corrections leave the status alone; every other kind moves it.
STATUS_CHANGING = frozenset({E.ISSUE, E.SUSPEND, E.RESTORE, E.WITHDRAW, E.CANCEL, E.EXPIRE,
                             E.RENEW})
# Decisions someone answers for: each says why.
NEEDS_REASON = frozenset({E.SUSPEND, E.RESTORE, E.WITHDRAW, E.CANCEL})
# Suspending or withdrawing is the body's decision (谁出证，谁负责); the bureau
# does it only by an administrative decision, whose document it must name.
BUREAU_NEEDS_DECISION = frozenset({E.SUSPEND, E.WITHDRAW})


@dataclass(frozen=True)
class Decision:
    """The document a bureau-initiated suspension or withdrawal rests on:
    决定书文号 and the date it was issued."""

    number: str
    issued_on: dt.date

    def as_json(self) -> dict[str, str]:
        return {"number": self.number, "issued_on": self.issued_on.isoformat()}


@dataclass(frozen=True)
class Refusal:
    """Why a step may not happen: a machine code (the same on every path), the
    input it is about, and the reason in Chinese and English."""

    code: str
    field: str
    reason_zh: str
    reason_en: str

    def __str__(self) -> str:
        return pick(self.reason_zh, self.reason_en)


class RegistryError(ValueError):
    """A business rule refused the change; the message says why (zh and en)."""


class StepRefused(RegistryError):
    """A lifecycle step the rules forbid; carries the Refusal."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal

    @property
    def code(self) -> str:
        return self.refusal.code


class InvalidTransition(StepRefused):
    """A step asked of a certificate in the wrong state."""


@dataclass(frozen=True)
class CertificateFacts:
    """What the rules need to know about one certificate."""

    number: str
    status: str
    issued_on: dt.date
    expires_on: dt.date
    # The earliest date a status-changing step may carry, and whether that is
    # the issue date rather than the date of the current state (steps_from).
    steps_from: dt.date
    steps_from_issue: bool
    validity_years: int


@dataclass(frozen=True)
class StepRequest:
    kind: EventKind
    on: dt.date
    reason: str = ""
    # The bureau (not the certificate's own body) takes the step.
    by_bureau: bool = False
    decision: Decision | None = None
    # A renewal's new end date.
    expires_on: dt.date | None = None
    # The standard ground chosen (models/reasons.py); "" when `reason` is
    # free text. With a ground, `reason` is the clerk's optional note.
    reason_code: str = ""


def earliest_step(issued_on: dt.date, status_changed_on: dt.date | None,
                  last_event_on: dt.date | None) -> tuple[dt.date, bool]:
    """The earliest date a status-changing step may carry, and whether that is
    the issue date (rather than the date of the current state): the latest of
    issued_on, status_changed_on and the last status-changing event. Steps are
    recorded in order, so status_changed_on stays the date of the latest status
    change, which queries.certificates_valid_on relies on. The same day is fine."""
    state_on = max((d for d in (status_changed_on, last_event_on) if d is not None),
                   default=issued_on)
    if issued_on > state_on:
        return issued_on, True
    return state_on, False


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_expiry(issued_on: dt.date, validity_years: int) -> dt.date:
    """A three-year certificate issued on 10 January 2025 runs to 9 January 2028."""
    return add_years(issued_on, validity_years) - dt.timedelta(days=1)


def validity_refusal(issued_on: dt.date, expires_on: dt.date, validity_years: int,
                     *, field: str = "expires_on") -> Refusal | None:
    """A certificate runs after its issue date and at most its scheme's
    validity: a day's grace past default_expiry, for bodies that print the
    anniversary itself as the end date."""
    if expires_on <= issued_on:
        return Refusal("expiry_not_after_issue", field, "有效期至必须晚于颁证日期",
                       "expires_on must be after issued_on")
    latest = add_years(issued_on, validity_years)
    if expires_on > latest:
        return Refusal("validity_too_long", field,
                       f"有效期超过该认证项目的最长有效期{validity_years}年（最晚至"
                       f"{latest.isoformat()}）",
                       f"longer than the scheme's maximum validity of {validity_years} "
                       f"years (at most {latest.isoformat()})")
    return None


def wrong_state(number: str, status: str, kind: EventKind, *, field: str = "status") -> Refusal:
    current = CertificateStatus(status)
    allowed = sorted(TRANSITIONS[kind].sources)
    allowed_zh = "、".join(str(CertificateStatus(s).label).split(" ", 1)[0] for s in allowed)
    return Refusal(
        "wrong_state", field,
        f"证书{number}当前状态为“{str(current.label).split(' ', 1)[0]}”，不能执行"
        f"“{str(kind.label).split(' ', 1)[0]}”；仅在以下状态可以执行：{allowed_zh}。",
        f"Certificate {number} is {current.value}; '{kind.value}' is allowed only from: "
        f"{', '.join(allowed)}.")


def refusal(facts: CertificateFacts, step: StepRequest, *, today: dt.date) -> Refusal | None:
    """The first rule `step` breaks on the certificate `facts` describes, or None.
    The order is fixed, so every path names the same refusal."""
    kind, on = step.kind, step.on
    if facts.status not in TRANSITIONS[kind].sources:
        return wrong_state(facts.number, facts.status, kind)
    # Expiry is the calendar's: its date is held to the end date instead, and
    # the daily job passes today.
    if on > today and kind != E.EXPIRE:
        return Refusal("future_date", "on", "日期不能晚于今天", "the date cannot be in the future")
    if kind in STATUS_CHANGING and on < facts.steps_from:
        day = facts.steps_from.isoformat()
        if facts.steps_from_issue:
            return Refusal("back_dated", "on",
                           f"变更日期早于证书的颁证日期（{day}），请按时间顺序登记",
                           f"the step is dated before the certificate's issue date ({day}); "
                           "record steps in order")
        return Refusal("back_dated", "on",
                       f"变更日期早于证书当前状态的日期（{day}），请按时间顺序登记",
                       f"the step is dated before the certificate's current state ({day}); "
                       "record steps in order")
    if kind == E.SURVEILLANCE and not facts.issued_on <= on <= facts.expires_on:
        return Refusal("outside_validity", "on", "监督审核日期应在证书有效期内",
                       "a surveillance audit falls within the certificate's validity")
    if kind == E.EXPIRE and facts.expires_on >= on:
        return Refusal("not_yet_expired", "on",
                       f"有效期至{facts.expires_on.isoformat()}尚未届满，不能置为过期",
                       f"expires_on {facts.expires_on.isoformat()} has not passed; the "
                       "certificate cannot be expired yet")
    if step.reason_code and not is_standard(kind, step.reason_code):
        known = ", ".join(reasons_for(kind)) or "—"
        return Refusal("unknown_reason_code", "reason_code",
                       f"理由代码“{step.reason_code}”不适用于此操作（可选：{known}）",
                       f"'{kind.value}' has no reason code '{step.reason_code}' "
                       f"(one of: {known})")
    # "Other" is no reason without the words: refused as a missing reason.
    if kind in NEEDS_REASON and needs_words(step.reason_code) and not step.reason.strip():
        return Refusal("reason_required", "reason", "必须填写理由", "a reason is required")
    if step.by_bureau and kind in BUREAU_NEEDS_DECISION:
        if step.decision is None or not step.decision.number.strip():
            return Refusal(
                "decision_required", "decision_number",
                "局工作人员暂停或撤销认证机构的证书，须填写行政决定书文号及日期",
                "bureau staff suspend or withdraw a body's certificate only by an "
                "administrative decision: give its document number and date")
        if step.decision.issued_on > on:
            return Refusal("decision_after_step", "decision_date",
                           "决定书日期不能晚于变更日期",
                           "the decision cannot be dated after the step")
    if kind == E.RENEW:
        if step.expires_on is None:
            return Refusal("expiry_required", "expires_on", "换证须给出新的有效期至",
                           "a renewal needs its new expires_on")
        return validity_refusal(on, step.expires_on, facts.validity_years)
    return None
