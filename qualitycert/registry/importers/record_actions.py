"""Audited writes of enterprise, body and lab records, for the importers.

Each is atomic, locks the row it changes, and appends its audit entry in the
same transaction, like the certificate actions in registry/actions.py (where
they belong once that file's owner takes them; see the import report).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append

from ..leaves import HOLDER_CHANGED, append_related_change
from ..models import BodySchemeApproval, CertificationBody, Enterprise, Lab

ENTERPRISE_FIELDS = ("uscc", "name", "address", "division_code", "industry_code",
                     "legal_status", "size", "is_tech_leader", "has_own_brand",
                     "is_equipment_manufacturer")
BODY_FIELDS = ("approval_number", "name", "uscc", "accreditation", "approved_on",
               "approval_valid_until", "status")
LAB_FIELDS = ("cma_number", "name", "uscc", "fields", "valid_from", "valid_until", "status",
              "address")


def _state(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _as_python(name: str, value: Any) -> Any:
    """Spooled values carry dates as ISO text; model fields want dates."""
    if isinstance(value, str) and name in {"approved_on", "approval_valid_until", "valid_from",
                                           "valid_until"}:
        return dt.date.fromisoformat(value)
    return value


def update_enterprise(enterprise: Enterprise, *, changes: dict[str, Any], actor: Actor,
                      reason: str) -> Enterprise:
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        before = _state(locked, ENTERPRISE_FIELDS)
        old_name = locked.name
        for name, value in changes.items():
            setattr(locked, name, value)
        # 曾用名: a renamed company stays findable, and known, under its old name.
        locked.keep_former_name(old_name, timezone.localdate(), source=reason)
        locked.save()
        if (locked.name, locked.uscc) != (before["name"], before["uscc"]):
            append_related_change("holder_id", locked.pk, event=HOLDER_CHANGED, on=timezone.localdate(),
                                  signer=actor.signature())
        audit_append(action="enterprise.update", object_type="registry.enterprise",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     reason=reason, before=before, after=_state(locked, ENTERPRISE_FIELDS))
    return locked


def save_body(body: CertificationBody | None, *, values: dict[str, Any],
              approvals: list[list[Any]], actor: Actor, reason: str) -> CertificationBody:
    """Create a body (body None) or change one; upsert its scheme approvals,
    keyed by (scheme, valid_from). Approvals not named are left as they are:
    ending one is done by giving its end date."""
    with transaction.atomic():
        if body is None:
            locked, before, action = CertificationBody(), None, "body.create"
        else:
            locked = CertificationBody.objects.select_for_update().get(pk=body.pk)
            before, action = _body_state(locked), "body.update"
        for name, value in values.items():
            setattr(locked, name, _as_python(name, value))
        locked.save()
        for scheme_id, valid_from, valid_until in approvals:
            BodySchemeApproval.objects.update_or_create(
                body=locked, scheme_id=scheme_id, valid_from=dt.date.fromisoformat(valid_from),
                defaults={"valid_until": valid_until and dt.date.fromisoformat(valid_until)})
        audit_append(action=action, object_type="registry.certificationbody",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     reason=reason, before=before, after=_body_state(locked))
    return locked


def _body_state(body: CertificationBody) -> dict[str, Any]:
    state = _state(body, BODY_FIELDS)
    state["approvals"] = [
        [code, start, end] for code, start, end in body.approvals.order_by(
            "scheme__code", "valid_from").values_list("scheme__code", "valid_from", "valid_until")]
    return state


def save_lab(lab: Lab | None, *, values: dict[str, Any], actor: Actor, reason: str) -> Lab:
    with transaction.atomic():
        if lab is None:
            locked, before, action = Lab(), None, "lab.create"
        else:
            locked = Lab.objects.select_for_update().get(pk=lab.pk)
            before, action = _state(locked, LAB_FIELDS), "lab.update"
        for name, value in values.items():
            setattr(locked, name, _as_python(name, value))
        locked.save()
        audit_append(action=action, object_type="registry.lab", object_id=str(locked.pk),
                     object_repr=str(locked), actor=actor, reason=reason, before=before,
                     after=_state(locked, LAB_FIELDS))
    return locked
