"""Reads of the audit log that screens rely on."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEntry


def history_of(object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """One object's entries, oldest first: its lifecycle as the log recorded
    it. Served by the (object_type, object_id, seq) index."""
    return (AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
            .order_by("seq"))


def recent_by(user_id: int, limit: int = 10) -> list[AuditEntry]:
    """The last entries a person signed, newest first."""
    return list(AuditEntry.objects.filter(actor_id=user_id).order_by("-seq")[:limit])
