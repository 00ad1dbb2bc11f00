"""Who may see or do what in the catalog app, in one place.

- Bureau staff (admin, supervisor) keep the catalogue, run sampling plans,
  draw samples, record follow-ups, revoke declarations and handle cases.
- An enterprise user files and withdraws its own enterprise's declarations
  and sees only those; another enterprise's declaration is a 404.
- A lab user sees the samples assigned to its lab and enters their results;
  another lab's sample is a 404.
- The public reads declarations (they are published documents) and nothing
  else of this app.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import effective_role, is_bureau

from .models import MarketCheckCase, SamplingRecord, SelfDeclaration


def enterprise_id_of(user: Any) -> int | None:
    if effective_role(user) != Role.ENTERPRISE:
        return None
    return getattr(user, "enterprise_id", None)


def lab_id_of(user: Any) -> int | None:
    if effective_role(user) != Role.LAB_OPERATOR:
        return None
    return getattr(user, "lab_id", None)


def require_bureau(actor: Any) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(gettext("只有局监管人员可以操作"))


def require_enterprise(actor: Any, enterprise_id: int) -> None:
    if enterprise_id_of(actor) != enterprise_id:
        raise PermissionDenied(gettext("只能为本企业操作"))


def may_enter_result(actor: Any, sample: SamplingRecord) -> bool:
    """The sample's own lab, or bureau staff entering a lab's paper report."""
    lab = lab_id_of(actor)
    return is_bureau(actor) or (lab is not None and lab == sample.lab_id)


def own_declaration_or_404(user: Any, pk: int) -> SelfDeclaration:
    enterprise = enterprise_id_of(user)
    found = (SelfDeclaration.objects.select_related("category", "lab", "enterprise")
             .filter(pk=pk, enterprise_id=enterprise).first() if enterprise else None)
    if found is None:
        raise Http404("no such declaration")
    return found


def lab_sample_or_404(user: Any, pk: int) -> SamplingRecord:
    lab = lab_id_of(user)
    found = (SamplingRecord.objects.select_related("enterprise", "plan", "category", "lab")
             .filter(pk=pk, lab_id=lab).first() if lab else None)
    if found is None:
        raise Http404("no such sample")
    return found


def staff_sample_or_404(pk: int) -> SamplingRecord:
    found = (SamplingRecord.objects.select_related("enterprise", "plan", "category", "lab",
                                                   "entered_by").filter(pk=pk).first())
    if found is None:
        raise Http404("no such sample")
    return found


def case_or_404(pk: int) -> MarketCheckCase:
    found = MarketCheckCase.objects.select_related("enterprise", "category").filter(pk=pk).first()
    if found is None:
        raise Http404("no such case")
    return found
