"""Who may see or record what in the programmes.

- Everyone, anonymous included, reads the plan's indicators and the
  programme counts: the plan is a published document (issue 11, item 7).
  Internal notes are for bureau staff only.
- Bureau staff record every programme; a department user records training
  sessions its own unit organised, and sees its unit's sessions. Another
  unit's session is a 404, never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import effective_role, is_bureau
from qualitycert.plan.models import Department

from .models import TrainingSession


def sees_internal_notes(user: Any) -> bool:
    return is_bureau(user)


def unit_of(user: Any) -> Department | None:
    if effective_role(user) == Role.DEPARTMENT:
        return user.department  # type: ignore[no-any-return]
    return None


def require_training_recorder(actor: Actor, organiser: Department) -> None:
    """The bureau records any unit's sessions; a unit only its own."""
    if is_bureau(actor):
        return
    if actor.role == Role.DEPARTMENT and actor.department_id == organiser.pk:
        return
    raise PermissionDenied(gettext("只能登记本单位组织的培训"))


def require_bureau(actor: Actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(gettext("仅限区市场监管局工作人员"))


def sessions_visible_to(user: Any) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.select_related("organiser")
    if is_bureau(user):
        return qs
    unit = unit_of(user)
    return qs.filter(organiser=unit) if unit is not None else qs.none()


def session_for(user: Any, pk: int) -> TrainingSession:
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise Http404("no such training session")
    return session


def sees_body_findings(user: Any, body_id: int) -> bool:
    """A body's findings are for the bureau and the body's own staff; the
    public sees its commitments and the counts of its people."""
    if is_bureau(user):
        return True
    return effective_role(user) == Role.CB_OPERATOR and user.body_id == body_id
