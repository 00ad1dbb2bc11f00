"""The writes of the public side: signing keys, forgery reports, API tokens.
Each is atomic and leaves an audit entry in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib import signing
from qualitycert.lib.normalize import normalize_identifier, normalize_name

from . import keyring
from .models import ForgeryReport, KeyPurpose, ReportStatus, SigningKey


class VerificationError(ValueError):
    """A rule refused the change; the message says why (zh and en)."""


def _require_bureau(actor: Actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("仅限局工作人员"))


# --- signing keys -------------------------------------------------------------------


def _new_key(*, actor: Actor, reason: str, purpose: KeyPurpose) -> SigningKey:
    pair = signing.generate_key_pair()
    row = SigningKey.objects.create(
        kid=pair.kid, public_key=signing.b64url_encode(pair.public_raw), is_current=True,
        purpose=purpose,
        sealed_private_key=signing.seal_private_key(
            pair.private_key, kid=pair.kid, secret=keyring.seal_secrets()[0]),
    )
    audit_append(action="signing_key.create", object_type="verification.signingkey",
                 object_id=str(row.pk), object_repr=row.kid, actor=actor, reason=reason,
                 after={"kid": row.kid, "x": row.public_key, "purpose": row.purpose})
    return row


def ensure_signing_key(purpose: KeyPurpose = KeyPurpose.TOKEN) -> SigningKey:
    """The current key of a purpose, created on first use so a fresh install
    needs no step."""
    existing = SigningKey.objects.filter(is_current=True, purpose=purpose).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _new_key(actor=Actor.system(), reason="首次使用时自动创建",
                            purpose=purpose)
    except IntegrityError:
        # Another process created it between our read and our insert.
        return SigningKey.objects.get(is_current=True, purpose=purpose)


def rotate_signing_key(*, actor: Actor, reason: str = "",
                       purpose: KeyPurpose = KeyPurpose.TOKEN) -> SigningKey:
    """Retire the current key (it stays published, so printed QR codes and
    signed checkpoints keep verifying) and make a new one current."""
    reason = reason.strip() or "定期轮换"
    with transaction.atomic():
        old = SigningKey.objects.select_for_update().filter(is_current=True,
                                                            purpose=purpose).first()
        if old is not None:
            old.is_current = False
            old.retired_at = timezone.now()
            old.save(update_fields=["is_current", "retired_at"])
            audit_append(action="signing_key.retire", object_type="verification.signingkey",
                         object_id=str(old.pk), object_repr=old.kid, actor=actor,
                         reason=reason, before={"is_current": True},
                         after={"is_current": False, "retired_at": old.retired_at})
        new = _new_key(actor=actor, reason=reason, purpose=purpose)
    transaction.on_commit(keyring.reset)
    return new


# --- forgery reports ----------------------------------------------------------------


def submit_forgery_report(*, description: str, certificate_number: str = "",
                          claimed_body: str = "", claimed_holder: str = "",
                          where_seen: str = "", contact: str = "",
                          client_address: str | None = None, actor: Actor | None = None
                          ) -> ForgeryReport:
    description = (description or "").strip()
    if not description:
        raise VerificationError(_("请说明情况"))
    with transaction.atomic():
        report = ForgeryReport.objects.create(
            certificate_number=normalize_name(certificate_number)[:100],
            number_key=normalize_identifier(certificate_number)[:100],
            claimed_body=normalize_name(claimed_body)[:200],
            claimed_holder=normalize_name(claimed_holder)[:200],
            where_seen=normalize_name(where_seen)[:300], description=description[:4000],
            contact=normalize_name(contact)[:200], client_address=client_address or None,
        )
        # Anyone may report, signed in or not; the public is named by address.
        audit_append(
            action="forgery_report.submit", object_type="verification.forgeryreport",
            object_id=str(report.pk), object_repr=f"#{report.pk} {report.number_key}",
            actor=actor,
            actor_label="" if actor else f"公众（{client_address or '?'}）",
            after={"certificate_number": report.certificate_number,
                   "claimed_body": report.claimed_body, "claimed_holder": report.claimed_holder},
        )
    return report


def review_forgery_report(report: ForgeryReport, *, status: ReportStatus | str,
                          resolution: str, actor: Actor) -> ForgeryReport:
    """Staff move a report through the queue; every step is signed and explained."""
    _require_bureau(actor)
    target = ReportStatus(status)
    resolution = (resolution or "").strip()
    if target != ReportStatus.IN_REVIEW and not resolution:
        raise VerificationError(_("结案必须填写处理意见"))
    with transaction.atomic():
        locked = ForgeryReport.objects.select_for_update().get(pk=report.pk)
        before = {"status": locked.status, "resolution": locked.resolution}
        locked.move_to(target)
        locked.resolution = resolution or locked.resolution
        locked.handled_by = actor.user
        locked.handled_at = timezone.now()
        locked.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
        audit_append(action=f"forgery_report.{target.value}",
                     object_type="verification.forgeryreport", object_id=str(locked.pk),
                     object_repr=f"#{locked.pk} {locked.number_key}", actor=actor,
                     reason=resolution, before=before,
                     after={"status": locked.status, "resolution": locked.resolution})
    report.status, report.resolution = locked.status, locked.resolution
    report.handled_by, report.handled_at = locked.handled_by, locked.handled_at
    return locked
