"""What every credit action shares: the day and the audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append


def today() -> dt.date:
    return timezone.localdate()


def audit(action: str, *, object_type: str, object_id: object, object_repr: str, actor: Actor,
          reason: str = "", before: Any = None, after: Any = None) -> None:
    audit_append(action=f"credit.{action}", object_type=f"credit.{object_type}",
                 object_id=str(object_id), object_repr=object_repr, actor=actor,
                 reason=reason, before=before, after=after)
