"""Every write to a certificate's lifecycle. Each action is atomic, locks the
certificate, checks the source state through the model's transition method
and that a status change is not dated before the step it follows (steps_from),
writes a CertificateEvent, a leaf of the transparency log (leaves.py) and an
audit entry in the same transaction, and
announces the change only after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib.normalize import InvisibleCharacters, refuse_invisible

from . import leaves
from .access import require_write_for_body
from .models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CertificationBody,
    Enterprise,
    EventKind,
    Scheme,
)
from .models.lifecycle import (
    Decision,
    InvalidTransition,
    RegistryError,
    StepRefused,
    StepRequest,
    refusal,
    validity_refusal,
)
from .models.reasons import StatusReason, is_standard, parse_reason
from .signals import certificate_status_changed

__all__ = ["Decision", "RegistryError", "StepRefused"]


def today() -> dt.date:
    return timezone.localdate()


def snapshot(cert: Certificate) -> dict[str, Any]:
    return {
        "number": cert.number,
        "body": cert.body.approval_number if cert.body_id else None,
        "holder": cert.holder.uscc if cert.holder_id else None,
        "scheme": cert.scheme.code if cert.scheme_id else None,
        "status": cert.status,
        "issued_on": cert.issued_on,
        "expires_on": cert.expires_on,
        "last_surveillance_on": cert.last_surveillance_on,
        "scope": cert.scope,
    }


def _record(cert: Certificate, kind: EventKind, *, on: dt.date, reason: str, actor: Actor,
            before: dict[str, Any] | None, from_status: str,
            details: dict[str, Any] | None = None,
            decision: Decision | None = None, reason_code: str = "") -> CertificateEvent:
    event = CertificateEvent.objects.create(
        certificate=cert, kind=kind, occurred_on=on, reason=reason, reason_code=reason_code,
        signed_by=actor.user, signer_name=actor.signature(),
        from_status=from_status, to_status=cert.status, details=details or {},
        decision_number=decision.number if decision else "",
        decision_date=decision.issued_on if decision else None,
    )
    after = snapshot(cert)
    if decision is not None:
        after["decision"] = decision.as_json()
    if reason_code:
        after["reason_code"] = reason_code
    leaves.append_change(cert, event=kind.value, on=on, previous_status=from_status,
                         signer=event.signer_name)
    audit_append(
        action=f"certificate.{kind.value}", object_type="registry.certificate",
        object_id=str(cert.pk), object_repr=f"{cert.number} ({cert.body.approval_number})",
        actor=actor, reason=reason, before=before, after=after,
    )
    if from_status != cert.status or kind in {EventKind.ISSUE, EventKind.RENEW}:
        transaction.on_commit(lambda: certificate_status_changed.send(
            sender=Certificate, certificate=cert, event=event))
    return event


def issue_certificate(*, number: str, body: CertificationBody, holder: Enterprise,
                      scheme: Scheme, issued_on: dt.date, expires_on: dt.date, actor: Actor,
                      scope: str = "", sites: list[str] | None = None,
                      reason: str = "") -> Certificate:
    require_write_for_body(actor, body)
    try:
        number = refuse_invisible(number)
    except InvisibleCharacters as exc:
        raise RegistryError(str(exc)) from None
    if not number:
        raise RegistryError(_("证书编号不能为空"))
    if issued_on > today():
        raise RegistryError(_("颁证日期不能晚于今天"))
    refused = validity_refusal(issued_on, expires_on, scheme.validity_years)
    if refused is not None:
        raise StepRefused(refused)
    with transaction.atomic():
        if Certificate.objects.filter(body=body, number=number).exists():
            raise RegistryError(_("该机构已有编号为%(number)s的证书") % {"number": number})
        cert = Certificate(
            number=number, body=body, holder=holder, scheme=scheme, scope=scope,
            sites=sites or [], issued_on=issued_on, expires_on=expires_on,
            status=CertificateStatus.VALID, status_changed_on=issued_on,
            status_reason=reason, status_signed_by=actor.user,
            status_signer_name=actor.signature(),
        )
        cert.save(force_insert=True)
        _record(cert, EventKind.ISSUE, on=issued_on, reason=reason, actor=actor, before=None,
                from_status="")
    return cert


def require_step(cert: Certificate, step: StepRequest, *, actor: Actor) -> None:
    """Refuse (StepRefused) a step the lifecycle rules forbid, as `actor` would
    take it; the forms call this too, to show the refusal by its field."""
    found = refusal(cert.facts(), step, today=today())
    if found is not None:
        raise (InvalidTransition if found.code == "wrong_state" else StepRefused)(found)


def steps_from(cert: Certificate) -> tuple[dt.date, bool]:
    """The earliest date a status-changing step of `cert` may carry, and whether
    that is its issue date (lifecycle.earliest_step)."""
    facts = cert.facts()
    return facts.steps_from, facts.steps_from_issue


def step_request(kind: EventKind, on: dt.date, *, actor: Actor, reason: str = "",
                 decision: Decision | None = None,
                 expires_on: dt.date | None = None, reason_code: str = "") -> StepRequest:
    # The bureau acting on a body's certificate (the body's own staff are
    # the only others who may) needs a decision to suspend or withdraw.
    return StepRequest(kind, on, reason, is_bureau(actor), decision, expires_on, reason_code)


def _transition(cert: Certificate, kind: EventKind, *, actor: Actor, reason: str,
                apply: Callable[[Certificate], None], on: dt.date,
                details: dict[str, Any] | None = None, decision: Decision | None = None,
                expires_on: dt.date | None = None, reason_code: str = "") -> Certificate:
    """`reason` is the sentence to record: the caller has already made it from
    a standard ground and a note (stated_reason), and `reason_code` names the
    ground ("" for free text)."""
    require_write_for_body(actor, cert.body_id)
    with transaction.atomic():
        # Re-read under lock: the caller's copy may be stale, and two clerks may
        # act on the same certificate at once.
        locked = (Certificate.objects.select_for_update()
                  .select_related("body", "holder", "scheme").get(pk=cert.pk))
        before = snapshot(locked)
        from_status = locked.status
        # Every rule, on the locked row and before anything is saved.
        require_step(locked, step_request(kind, on, actor=actor, reason=reason,
                                          decision=decision, expires_on=expires_on,
                                          reason_code=reason_code),
                     actor=actor)
        apply(locked)
        locked.save()
        _record(locked, kind, on=on, reason=reason, actor=actor, before=before,
                from_status=from_status, details=details, decision=decision,
                reason_code=reason_code)
    for field in ("status", "status_changed_on", "status_reason", "status_reason_code",
                  "status_signed_by",
                  "status_signer_name", "last_surveillance_on", "issued_on", "expires_on"):
        setattr(cert, field, getattr(locked, field))
    return locked


def record_surveillance(cert: Certificate, *, audited_on: dt.date, actor: Actor,
                        reason: str = "") -> Certificate:
    return _transition(cert, EventKind.SURVEILLANCE, actor=actor, reason=reason, on=audited_on,
                       apply=lambda c: c.record_surveillance(audited_on, reason, actor))


def stated_reason(kind: EventKind, reason: str, reason_code: str) -> str:
    """The sentence a step records: a standard ground's Chinese label (with the
    clerk's note after it), or the clerk's words for free text and "other".
    An unknown code is left for the rules to refuse by name."""
    reason, code = (reason or "").strip(), (reason_code or "").strip()
    if code and not is_standard(kind, code):
        return reason
    return StatusReason(code, reason).text()


def _decide(cert: Certificate, kind: EventKind, *, reason: str, reason_code: str,
            actor: Actor, on: dt.date | None, decision: Decision | None = None
            ) -> Certificate:
    """Suspend, restore, withdraw or cancel: the steps that say why, by a
    standard ground (reason_code, with `reason` as an optional note) or in
    the clerk's own words (reason alone, which may itself be a ground's code
    or label: models/reasons.py parse_reason)."""
    code, on = (reason_code or "").strip(), on or today()
    if not code:
        # One text may still name a standard ground (its code or its label).
        given = parse_reason(kind, reason)
        code, reason = given.code, given.note
    text = stated_reason(kind, reason, code)
    move = {EventKind.SUSPEND: Certificate.suspend, EventKind.RESTORE: Certificate.restore,
            EventKind.WITHDRAW: Certificate.withdraw, EventKind.CANCEL: Certificate.cancel}[kind]
    return _transition(cert, kind, actor=actor, reason=text, on=on, reason_code=code,
                       apply=lambda c: move(c, on, text, actor, code), decision=decision)


def suspend_certificate(cert: Certificate, *, reason: str = "", actor: Actor,
                        on: dt.date | None = None, decision: Decision | None = None,
                        reason_code: str = "") -> Certificate:
    return _decide(cert, EventKind.SUSPEND, reason=reason, reason_code=reason_code,
                   actor=actor, on=on, decision=decision)


def restore_certificate(cert: Certificate, *, reason: str = "", actor: Actor,
                        on: dt.date | None = None, reason_code: str = "") -> Certificate:
    return _decide(cert, EventKind.RESTORE, reason=reason, reason_code=reason_code,
                   actor=actor, on=on)


def withdraw_certificate(cert: Certificate, *, reason: str = "", actor: Actor,
                         on: dt.date | None = None, decision: Decision | None = None,
                         reason_code: str = "") -> Certificate:
    return _decide(cert, EventKind.WITHDRAW, reason=reason, reason_code=reason_code,
                   actor=actor, on=on, decision=decision)


def cancel_certificate(cert: Certificate, *, reason: str = "", actor: Actor,
                       on: dt.date | None = None, reason_code: str = "") -> Certificate:
    return _decide(cert, EventKind.CANCEL, reason=reason, reason_code=reason_code,
                   actor=actor, on=on)


def expire_certificate(cert: Certificate, *, actor: Actor,
                       on: dt.date | None = None) -> Certificate:
    on = on or today()
    reason = "有效期届满"
    return _transition(cert, EventKind.EXPIRE, actor=actor, reason=reason, on=on,
                       apply=lambda c: c.expire(on, reason, actor))


def renew_certificate(cert: Certificate, *, issued_on: dt.date, expires_on: dt.date,
                      actor: Actor, reason: str = "") -> Certificate:
    return _transition(cert, EventKind.RENEW, actor=actor, reason=reason, on=issued_on,
                       apply=lambda c: c.renew(issued_on, expires_on, reason, actor),
                       expires_on=expires_on,
                       details={"issued_on": issued_on.isoformat(),
                                "expires_on": expires_on.isoformat()})


def expire_due_certificates(*, on: dt.date | None = None, actor: Actor) -> int:
    """The daily job: every valid or suspended certificate past its end date expires."""
    on = on or today()
    due = Certificate.objects.filter(
        status__in=[CertificateStatus.VALID, CertificateStatus.SUSPENDED], expires_on__lt=on,
    ).order_by("pk")
    count = 0
    # One transaction per certificate: a failure halfway leaves the rest for
    # tomorrow's run instead of rolling back a day's work.
    for cert in due.iterator(chunk_size=2000):
        expire_certificate(cert, actor=actor, on=on)
        count += 1
    return count
