"""Who may see and change which registry objects. One place, used by views,
the admin and the actions alike, so the rule cannot drift between them.

Every check goes through `accounts.roles.effective_role`, so an inactive
account sees and changes nothing, whatever its role."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, effective_role

from .models import Certificate, CertificationBody


def certificates_visible_to(who: Any, qs: QuerySet[Certificate] | None = None
                            ) -> QuerySet[Certificate]:
    """`who` is a request's user or an Actor."""
    qs = Certificate.objects.all() if qs is None else qs
    role = effective_role(who)
    if role in BUREAU:
        return qs
    if role == Role.CB_OPERATOR and who.body_id:
        return qs.filter(body_id=who.body_id)
    if role == Role.ENTERPRISE and who.enterprise_id:
        return qs.filter(holder_id=who.enterprise_id)
    return qs.none()


def may_write_for_body(who: Any, body: CertificationBody | int) -> bool:
    """Bureau staff (and the system), and a body's own operators."""
    role = effective_role(who)
    if role in BUREAU:
        return True
    body_id = body if isinstance(body, int) else body.pk
    return role == Role.CB_OPERATOR and who.body_id is not None and who.body_id == body_id


def require_write_for_body(who: Any, body: CertificationBody | int) -> None:
    if not may_write_for_body(who, body):
        raise PermissionDenied(_("只能变更本机构的证书"))
