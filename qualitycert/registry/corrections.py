"""Correcting a certificate's descriptive details (scope, sites) without
touching its lifecycle. A correction is signed and explained like any other
change: one CertificateEvent of kind "correct", one leaf of the transparency
log and one audit entry, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append

from . import leaves
from .access import require_write_for_body
from .actions import RegistryError, snapshot, today
from .models import Certificate, CertificateEvent, EventKind


def clean_sites(sites: list[Any] | None) -> list[str]:
    """Sites as stored: trimmed, no blanks, no repeats, order kept."""
    seen: dict[str, None] = {}
    for site in sites or []:
        text = " ".join(str(site).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


def correct_certificate_details(cert: Certificate, *, scope: str, sites: list[Any] | None,
                                reason: str, actor: Actor) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise RegistryError(_("更正须填写理由"))
    require_write_for_body(actor, cert.body_id)
    scope = (scope or "").strip()
    new_sites = clean_sites(sites)
    with transaction.atomic():
        locked = (Certificate.objects.select_for_update()
                  .select_related("body", "holder", "scheme").get(pk=cert.pk))
        changes: dict[str, dict[str, Any]] = {}
        if scope != locked.scope:
            changes["scope"] = {"from": locked.scope, "to": scope}
        if new_sites != list(locked.sites or []):
            changes["sites"] = {"from": list(locked.sites or []), "to": new_sites}
        if not changes:
            raise RegistryError(_("内容没有变化，无需更正"))
        before = {**snapshot(locked), "sites": list(locked.sites or [])}
        locked.scope, locked.sites = scope, new_sites
        locked.save(update_fields=["scope", "sites", "updated_at"])
        signer = actor.signature()
        CertificateEvent.objects.create(
            certificate=locked, kind=EventKind.CORRECT, occurred_on=today(), reason=reason,
            signed_by=actor.user, signer_name=signer,
            from_status=locked.status, to_status=locked.status, details=changes,
        )
        leaves.append_change(locked, event=EventKind.CORRECT.value, on=today(),
                             previous_status=locked.status, signer=signer)
        audit_append(
            action=f"certificate.{EventKind.CORRECT.value}", object_type="registry.certificate",
            object_id=str(locked.pk),
            object_repr=f"{locked.number} ({locked.body.approval_number})",
            actor=actor, reason=reason, before=before,
            after={**snapshot(locked), "sites": new_sites},
        )
    cert.scope, cert.sites = locked.scope, locked.sites
    return locked
