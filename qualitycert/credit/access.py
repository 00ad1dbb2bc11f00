"""Who may see or do what in the credit app, in one place.

- Bureau staff (admin, supervisor) read every archive and grade, keep the
  grading models, run grading, list and decide dishonesty and repairs.
- An enterprise reads its own archive (facts, dishonesty entries, grades)
  and applies for repair of its own entries; anyone else's is a 404.
- A certification body reads the archive facts that concern its own
  certificates, and nothing of the grade.
- The public sees active dishonesty entries only; grades are internal.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, effective_role, is_bureau
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Certificate, CertificateEvent, Enterprise

from .models import DishonestyEntry, Fact, RepairRequest


def enterprise_id_of(who: Any) -> int | None:
    if effective_role(who) != Role.ENTERPRISE:
        return None
    return getattr(who, "enterprise_id", None)


def require_bureau(who: Any) -> None:
    if not is_bureau(who):
        raise PermissionDenied(gettext("只有局监管人员可以操作"))


def require_own_enterprise(who: Any, enterprise_id: int) -> None:
    if enterprise_id_of(who) != enterprise_id:
        raise PermissionDenied(gettext("只能为本企业操作"))


def may_see_grades(who: Any, enterprise_id: int) -> bool:
    return is_bureau(who) or enterprise_id_of(who) == enterprise_id


def archive_enterprise_or_404(who: Any, uscc: str) -> Enterprise:
    """The enterprise whose archive `who` may open: any for the bureau, its
    own for an enterprise, one holding the body's certificates for a body."""
    enterprise = Enterprise.objects.filter(uscc=normalize_identifier(uscc)).first()
    if enterprise is None:
        raise Http404("no such enterprise")
    role = effective_role(who)
    if role in BUREAU:
        return enterprise
    if role == Role.ENTERPRISE and who.enterprise_id == enterprise.pk:
        return enterprise
    if role == Role.CB_OPERATOR and who.body_id and enterprise.certificates.filter(
            body_id=who.body_id).exists():
        return enterprise
    raise Http404("no such enterprise")


def facts_visible_to(who: Any, qs: QuerySet[Fact]) -> QuerySet[Fact]:
    """A body sees only the facts about its own certificates."""
    role = effective_role(who)
    if role in BUREAU or role == Role.ENTERPRISE:
        return qs
    if role == Role.CB_OPERATOR and who.body_id:
        # Subqueries, not lists: a large body holds more certificates than a
        # statement may carry parameters.
        certificates = (Certificate.objects.filter(body_id=who.body_id)
                        .annotate(ref=Cast("pk", CharField())).values("ref"))
        events = (CertificateEvent.objects.filter(certificate__body_id=who.body_id)
                  .annotate(ref=Cast("pk", CharField())).values("ref"))
        return qs.filter(Q(source_type="registry.certificate", source_id__in=certificates)
                         | Q(source_type="registry.certificate_event", source_id__in=events))
    return qs.none()


def own_entry_or_404(who: Any, pk: int) -> DishonestyEntry:
    enterprise = enterprise_id_of(who)
    found = (DishonestyEntry.objects.select_related("enterprise")
             .filter(pk=pk, enterprise_id=enterprise).first() if enterprise else None)
    if found is None:
        raise Http404("no such entry")
    return found


def repair_or_404(pk: int) -> RepairRequest:
    found = RepairRequest.objects.select_related("entry", "enterprise").filter(pk=pk).first()
    if found is None:
        raise Http404("no such repair request")
    return found
