"""Who may see and change which registry objects. One place, used by views,
the admin and the actions alike, so the rule cannot drift between them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from qualitycert.accounts.models import Role

from .models import Certificate, CertificationBody


def certificates_visible_to(user: Any, qs: QuerySet[Certificate] | None = None) -> QuerySet[Certificate]:
    qs = Certificate.objects.all() if qs is None else qs
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.role in {Role.ADMIN, Role.SUPERVISOR}:
        return qs
    if user.role == Role.CB_OPERATOR and user.body_id:
        return qs.filter(body_id=user.body_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(holder_id=user.enterprise_id)
    return qs.none()


def certificate_for(user: Any, pk: int) -> Certificate:
    """The certificate if this user may see it; otherwise 404, never a hint that it exists."""
    cert = certificates_visible_to(user).filter(pk=pk).select_related(
        "body", "holder", "scheme").first()
    if cert is None:
        raise Http404("certificate not found")
    return cert


def may_write_for_body(actor: Any, body: CertificationBody | int) -> bool:
    """System jobs (actor None), bureau staff, and a body's own operators."""
    if actor is None:
        return True
    body_id = body if isinstance(body, int) else body.pk
    if actor.is_superuser or actor.role in {Role.ADMIN, Role.SUPERVISOR}:
        return True
    return actor.role == Role.CB_OPERATOR and actor.body_id == body_id


def require_write_for_body(actor: Any, body: CertificationBody | int) -> None:
    if not may_write_for_body(actor, body):
        raise PermissionDenied("只能变更本机构的证书 you may change only your own body's certificates")
