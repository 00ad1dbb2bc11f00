"""One certificate's life, from its first issue to "today".

The simulation walks the certificate's calendar: surveillance audits at most
362 days apart (CNCA-QMS-01 §5.4.1.4 allows twelve months), a missed or failed
audit suspends the certificate, a suspension ends within six months in
restoration or withdrawal, the recertification audit renews it before it
expires, and a certificate nobody renews expires the day after its end date
(what the daily `expire-certificates` job would do). The holder's
deregistration or licence revocation, and the body losing its approval, end
it early.

Only moves that TRANSITIONS in registry/models.py allows are made, so
replaying the events gives back the final state. The schedule is chosen so
that an unplanted certificate never shows a lifecycle anomaly on "today":
no valid certificate is more than twelve months past its last audit, and no
suspension is older than six months.

Dates are proleptic ordinals (date.toordinal()) for speed; the writer turns
them back into dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from qualitycert.registry.models import CertificateStatus, EventKind

# Plain strings: psycopg's COPY would write an Enum member by its name.
VALID = CertificateStatus.VALID.value
SUSPENDED = CertificateStatus.SUSPENDED.value
WITHDRAWN = CertificateStatus.WITHDRAWN.value
CANCELLED = CertificateStatus.CANCELLED.value
EXPIRED = CertificateStatus.EXPIRED.value

ISSUE = EventKind.ISSUE.value
SURVEILLANCE = EventKind.SURVEILLANCE.value
SUSPEND = EventKind.SUSPEND.value
RESTORE = EventKind.RESTORE.value
WITHDRAW = EventKind.WITHDRAW.value
CANCEL = EventKind.CANCEL.value
EXPIRE = EventKind.EXPIRE.value
RENEW = EventKind.RENEW.value
CORRECT = EventKind.CORRECT.value

SYSTEM = "system"  # the signer of automatic expiry, as in actions.expire_certificate

# The recorded reasons, in Chinese as a clerk writes them. Those of a
# suspension, restoration, withdrawal or cancellation are standard grounds
# (registry/models/reasons.py), written as their labels, and REASON_CODES
# gives the code the writer stores beside them, so the demo's history reads in
# the page's language like one entered in the back office.
R_ISSUE = "初次认证审核通过"
R_SURVEILLANCE = "监督审核通过"
R_RESTORE = "整改完成并经认证机构验证"
R_RENEW = "再认证审核通过"
R_EXPIRE = "有效期届满"
R_SUSPEND = (
    "未按期接受监督审核",
    "监督审核不合格",
    "获证组织主动申请暂停",
    "产品质量监督抽查不合格",
)
R_SUSPEND_MISSED = R_SUSPEND[0]
R_WITHDRAW_UNRESOLVED = "暂停期满未整改或整改后仍不符合要求"
R_WITHDRAW_SERIOUS = "监督结果证明严重不符合认证要求"
R_CANCEL_REQUEST = "获证组织申请注销"
# The holder gives the certificate up rather than be audited: its own request.
R_CANCEL_NOT_RENEWED = R_CANCEL_REQUEST
R_HOLDER_REVOKED = "获证组织的行政许可或营业执照被撤销、吊销"
R_HOLDER_DEREGISTERED = "获证组织已注销登记或终止经营"
R_BODY_LAPSED = "认证机构批准失效，证书注销"
R_CORRECT = "获证组织名称或地址变更"
REASON_CODES = {
    R_SUSPEND[0]: "surveillance_missed", R_SUSPEND[1]: "surveillance_failed",
    R_SUSPEND[2]: "holder_asked_suspension", R_SUSPEND[3]: "sampling_failed",
    R_RESTORE: "corrected", R_WITHDRAW_UNRESOLVED: "not_corrected",
    R_WITHDRAW_SERIOUS: "serious_nonconformity", R_CANCEL_REQUEST: "holder_asked_cancellation",
    R_HOLDER_REVOKED: "licence_revoked",
    R_HOLDER_DEREGISTERED: "holder_closed", R_BODY_LAPSED: "other",
}

# Per audit: pass, or suspend, or the holder cancels, or a serious finding
# withdraws the certificate outright. Then: restore or withdraw a suspension,
# renew at the end of a cycle, a details correction now and then.
P_SUSPEND, P_CANCEL, P_WITHDRAW = 0.045, 0.012, 0.003
P_RESTORE, P_RENEW, P_CORRECT = 0.65, 0.84, 0.025
SURVEILLANCE_GAP = (320, 362)   # days between audits; twelve months is the limit
RECERT_LEAD = (10, 60)           # recertification this many days before expiry
SUSPENSION_DAYS = (30, 170)      # a suspension is resolved within six months


@dataclass(frozen=True, slots=True)
class Stop:
    """Something outside the certificate that ends it on a day."""

    on: int
    kind: str     # WITHDRAW or CANCEL
    reason: str


@dataclass(slots=True)
class Life:
    events: list[tuple[str, int, str, str, str, str, str]]  # kind, on, reason, signer, from, to, details
    status: str
    status_changed_on: int
    status_reason: str
    status_signer: str
    issued_on: int
    expires_on: int
    last_surveillance_on: int | None


@lru_cache(maxsize=65536)
def expiry_for(issued: int, years: int) -> int:
    day = dt.date.fromordinal(issued)
    try:
        end = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        end = day.replace(year=day.year + years, day=28)
    return end.toordinal() - 1


def between(rand: Callable[[], float], low: int, high: int) -> int:
    """A uniform integer in [low, high]. random.randint costs several Python
    calls per draw; at millions of draws this is most of the difference."""
    return low + int(rand() * (high - low + 1))


class _Builder:
    __slots__ = ("events", "life_status", "rand", "signers", "status_on", "status_reason",
                 "status_signer")

    def __init__(self, rand: Callable[[], float], signers: tuple[str, ...]):
        self.rand, self.signers = rand, signers
        self.events: list[tuple[str, int, str, str, str, str, str]] = []
        self.life_status = VALID
        self.status_on, self.status_reason, self.status_signer = 0, "", ""

    def add(self, kind: str, on: int, reason: str, to: str | None = None, *,
            signer: str | None = None, details: str = "{}") -> None:
        if signer is None:
            signer = self.signers[int(self.rand() * len(self.signers))]
        before = "" if kind == ISSUE else self.life_status
        after = self.life_status if to is None else to
        self.events.append((kind, on, reason, signer, before, after, details))
        if to is not None:  # a status move (issue, renew, suspend …) re-signs the status
            self.life_status = to
            self.status_on, self.status_reason, self.status_signer = on, reason, signer


def simulate(rng: random.Random, *, first_issue: int, validity_years: int, audited: bool,
             today: int, signers: tuple[str, ...], stop: Stop | None = None,
             renew_ok: Callable[[int], bool] = lambda day: True,
             full_history: bool = True) -> Life:
    """Run one certificate from `first_issue` to `today`. `audited` schemes get
    surveillance audits; `stop` ends the certificate from outside; `renew_ok`
    says whether the body may still certify on a day (its approvals)."""
    rand = rng.random
    b = _Builder(rand, signers)
    issued, expires = first_issue, expiry_for(first_issue, validity_years)
    last_audit, last_surveillance = issued, None
    b.add(ISSUE, issued, R_ISSUE, VALID)
    gap_low, gap_high = SURVEILLANCE_GAP
    lead_low, lead_high = RECERT_LEAD

    def end_by_stop() -> None:
        if stop is not None and stop.on <= today:
            b.add(stop.kind, stop.on, stop.reason, WITHDRAWN if stop.kind == WITHDRAW else CANCELLED)

    while True:
        if audited:
            due = last_audit + between(rand, gap_low, gap_high)
            recert = due >= expires - 100
            when = min(due, expires - between(rand, lead_low, lead_high)) if recert else due
        else:
            recert, when = True, expires - between(rand, lead_low, lead_high)
        when = max(when, last_audit + 1)
        if rand() < P_CORRECT and when - last_audit > 2:
            fix = between(rand, last_audit + 1, when - 1)
            if fix <= today and (stop is None or fix < stop.on):
                b.add(CORRECT, fix, R_CORRECT, details='{"fields": ["address"]}')
        if stop is not None and stop.on <= when:
            end_by_stop()
            break
        if when > today:
            break
        if not recert:
            roll = rand()
            if roll < P_SUSPEND:
                b.add(SUSPEND, when, R_SUSPEND[int(rand() * len(R_SUSPEND))], SUSPENDED)
                resolved = when + between(rand, *SUSPENSION_DAYS)
                expired_on = expires + 1
                first = min(resolved, expired_on, stop.on if stop else resolved)
                if first > today:
                    break
                if stop is not None and stop.on == first:
                    end_by_stop()
                    break
                if expired_on == first:
                    b.add(EXPIRE, expired_on, R_EXPIRE, EXPIRED, signer=SYSTEM)
                    break
                if rand() < P_RESTORE:
                    b.add(RESTORE, resolved, R_RESTORE, VALID)
                    b.add(SURVEILLANCE, resolved, R_SURVEILLANCE)
                    last_audit = last_surveillance = resolved
                    continue
                b.add(WITHDRAW, resolved, R_WITHDRAW_UNRESOLVED, WITHDRAWN)
                break
            if roll < P_SUSPEND + P_CANCEL:
                b.add(CANCEL, when, R_CANCEL_REQUEST, CANCELLED)
                break
            if roll < P_SUSPEND + P_CANCEL + P_WITHDRAW:
                b.add(WITHDRAW, when, R_WITHDRAW_SERIOUS, WITHDRAWN)
                break
            b.add(SURVEILLANCE, when, R_SURVEILLANCE)
            last_audit = last_surveillance = when
            continue
        if rand() < P_RENEW and renew_ok(when):
            issued, expires = when, expiry_for(when, validity_years)
            details = (f'{{"issued_on": "{dt.date.fromordinal(issued).isoformat()}", '
                       f'"expires_on": "{dt.date.fromordinal(expires).isoformat()}"}}')
            b.add(RENEW, when, R_RENEW, VALID, details=details)
            last_audit, last_surveillance = when, None
            continue
        _not_renewed(b, rand, audited=audited, expires=expires, last_audit=last_audit,
                     today=today, stop=stop, end_by_stop=end_by_stop)
        break

    events = b.events
    if not full_history:
        events = _current_cycle(events)
    return Life(events, b.life_status, b.status_on, b.status_reason, b.status_signer,
                issued, expires, last_surveillance)


def _not_renewed(b: _Builder, rand: Callable[[], float], *, audited: bool, expires: int,
                 last_audit: int, today: int, stop: Stop | None,
                 end_by_stop: Callable[[], None]) -> None:
    """The end of a certificate nobody recertifies."""
    if not audited or expires - last_audit <= SURVEILLANCE_GAP[1]:
        if stop is not None and stop.on <= expires + 1:
            end_by_stop()
        elif expires + 1 <= today:
            b.add(EXPIRE, expires + 1, R_EXPIRE, EXPIRED, signer=SYSTEM)
        return
    # Running to the end date would leave it unaudited for over twelve months:
    # either the holder gives it up or the body suspends it until it expires.
    deadline = last_audit + between(rand, 330, SURVEILLANCE_GAP[1])
    if stop is not None and stop.on <= deadline:
        end_by_stop()
        return
    if deadline > today:
        return
    if rand() < 0.5:
        b.add(CANCEL, deadline, R_CANCEL_NOT_RENEWED, CANCELLED)
        return
    b.add(SUSPEND, deadline, R_SUSPEND_MISSED, SUSPENDED)
    if stop is not None and stop.on <= expires + 1:
        end_by_stop()
    elif expires + 1 <= today:
        b.add(EXPIRE, expires + 1, R_EXPIRE, EXPIRED, signer=SYSTEM)


def _current_cycle(events: list[tuple[str, int, str, str, str, str, str]]
                   ) -> list[tuple[str, int, str, str, str, str, str]]:
    """Large scales keep only the events since the last issue or renewal; the
    renewal becomes the opening "issue", so a replay still ends in the same state."""
    start = len(events) - 1
    while events[start][0] not in (ISSUE, RENEW):
        start -= 1
    if start == 0:
        return events
    _, on, reason, signer, _, to, _ = events[start]
    return [(ISSUE, on, reason, signer, "", to, "{}"), *events[start + 1:]]
