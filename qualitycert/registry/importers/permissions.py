"""Who may import what. Bureau staff import every kind; a certification body's
operator imports certificates, and only rows of their own body (rows for
another body are row errors, never written); system jobs (no actor) import
everything. Everyone else imports nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from qualitycert.accounts.models import Role

from ..models import ImportBatch, ImportKind


class ImportNotAllowed(PermissionError):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_zh}（{self.message_en}）"


def kinds_allowed(actor: Any) -> list[ImportKind]:
    if actor is None:
        return list(ImportKind)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    if actor.is_superuser or actor.role in {Role.ADMIN, Role.SUPERVISOR}:
        return list(ImportKind)
    if actor.role == Role.CB_OPERATOR and actor.body_id:
        return [ImportKind.CERTIFICATES]
    return []


def body_scope(actor: Any) -> int | None:
    """The only body whose certificates this actor may import; None for all."""
    if actor is None or actor.is_superuser or actor.role in {Role.ADMIN, Role.SUPERVISOR}:
        return None
    return int(actor.body_id)


def require_import(actor: Any, kind: ImportKind) -> int | None:
    """Refuse an actor who may not import `kind`; return their body scope."""
    if kind not in kinds_allowed(actor):
        raise ImportNotAllowed(f"无权导入{ImportKind(kind).label}",
                               f"you may not import {ImportKind(kind).value}")
    return body_scope(actor)


def batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    """Bureau staff see every batch; a body's operator sees the batches run for
    their body; nobody else sees any."""
    qs = ImportBatch.objects.all()
    kinds = kinds_allowed(user)
    if user is None or not kinds:
        return qs.none()
    scope = body_scope(user)
    return qs if scope is None else qs.filter(body_id=scope, kind=ImportKind.CERTIFICATES)


def batch_for(user: Any, pk: int) -> ImportBatch:
    batch = batches_visible_to(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("import batch not found")
    return batch
