"""Who may import what. Bureau staff import every kind; a certification body's
operator imports certificates, and only rows of their own body (rows for
another body are row errors, never written). Everyone else, and every
inactive account, imports nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, effective_role
from qualitycert.lib.i18n import pick

from ..models import ImportBatch, ImportKind


class ImportNotAllowed(PermissionError):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return pick(self.message_zh, self.message_en)


def kinds_allowed(who: Any) -> list[ImportKind]:
    """`who`: a request's user or an Actor (the system imports everything)."""
    role = effective_role(who)
    if role in BUREAU:
        return list(ImportKind)
    if role == Role.CB_OPERATOR and who.body_id:
        return [ImportKind.CERTIFICATES]
    return []


def body_scope(who: Any) -> int | None:
    """The only body whose certificates this actor may import; None for all."""
    if effective_role(who) in BUREAU:
        return None
    return int(who.body_id)


def require_import(actor: Actor, kind: ImportKind) -> int | None:
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
    if not kinds:
        return qs.none()
    scope = body_scope(user)
    return qs if scope is None else qs.filter(body_id=scope, kind=ImportKind.CERTIFICATES)


def batch_for(user: Any, pk: int) -> ImportBatch:
    batch = batches_visible_to(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("import batch not found")
    return batch
