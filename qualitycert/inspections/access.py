"""Who may see which plans, assignments, results and attachments: one place,
so every view answers 404 — never a hint — for another's object."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import effective_role, is_bureau

from .models import Attachment, InspectionResult, Inspector, Plan, Selection
from .queries import plans_with_published_results


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    """Bureau staff see every plan; a department's staff see the plans their
    unit takes part in (joint checks 联合抽查)."""
    if is_bureau(user):
        return Plan.objects.all()
    if effective_role(user) == Role.DEPARTMENT and user.department_id:
        return Plan.objects.filter(departments=user.department_id)
    return Plan.objects.none()


def plan_for(user: Any, pk: int) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).prefetch_related("departments", "items").first()
    if plan is None:
        raise Http404("plan not found")
    return plan


def inspector_or_none(user: Any) -> Inspector | None:
    """The inspector-library entry linked to this account, if any."""
    if effective_role(user) is None:  # anonymous or disabled
        return None
    return Inspector.objects.filter(user=user).select_related("department").first()


def inspector_for(user: Any) -> Inspector:
    """The inspector-library entry linked to this account, or 404."""
    inspector = inspector_or_none(user)
    if inspector is None:
        raise Http404("no inspector profile for this account")
    return inspector


def selection_for_member(user: Any, pk: int) -> Selection:
    """A drawn target whose team includes this user."""
    if effective_role(user) is None:
        raise Http404("assignment not found")
    selection = (Selection.objects.filter(pk=pk, staffed=True, team__inspector__user=user)
                 .select_related("plan", "candidate", "target__enterprise").first())
    if selection is None:
        raise Http404("assignment not found")
    return selection


def result_for_member(user: Any, selection_pk: int) -> InspectionResult:
    selection = selection_for_member(user, selection_pk)
    result = InspectionResult.objects.filter(selection=selection).first()
    if result is None:
        raise Http404("no result recorded yet")
    return result


def result_for_bureau(user: Any, pk: int) -> InspectionResult:
    if not is_bureau(user):
        raise Http404("result not found")
    result = (InspectionResult.objects.filter(pk=pk)
              .select_related("selection__plan", "selection__candidate").first())
    if result is None:
        raise Http404("result not found")
    return result


def attachment_for(user: Any, pk: int) -> Attachment:
    """Bureau staff and the target's team only; the file is never public."""
    qs = Attachment.objects.select_related("result__selection")
    if effective_role(user) is None:
        raise Http404("attachment not found")
    if not is_bureau(user):
        qs = qs.filter(result__selection__team__inspector__user=user,
                       result__selection__staffed=True)
    attachment = qs.filter(pk=pk).first()
    if attachment is None:
        raise Http404("attachment not found")
    return attachment


def published_plan(pk: int) -> Plan:
    """A plan with at least one published result (the public may see it)."""
    plan = plans_with_published_results().filter(pk=pk).first()
    if plan is None:
        raise Http404("plan not found")
    return plan
