"""An enterprise's quality archive (质量档案): identity, certificates,
facts with their sources, dishonesty entries, grade history with the
contributions that made each grade. The bureau sees any archive, an
enterprise its own, a certification body the facts of its certificates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, effective_role, may_enter_back_office

from .. import queries
from ..access import archive_enterprise_or_404, enterprise_id_of, facts_visible_to, may_see_grades
from ..models import DishonestyEntry, Fact
from .explain import explain, source_url

ARCHIVE_READERS = (*BUREAU, Role.ENTERPRISE, Role.CB_OPERATOR)
GRADES_SHOWN = 12


@require_GET
@role_required(*ARCHIVE_READERS)
def archive(request: HttpRequest, uscc: str) -> HttpResponse:
    enterprise = archive_enterprise_or_404(request.user, uscc)
    user = request.user
    back_office = may_enter_back_office(user)
    facts = facts_visible_to(user, Fact.objects.filter(enterprise=enterprise))
    groups = queries.archive_facts(facts)
    for group in groups:
        for fact in group.facts:
            fact.source_link = source_url(fact, staff=back_office)  # type: ignore[attr-defined]
    certificates = queries.certificates_of(enterprise)
    if effective_role(user) == Role.CB_OPERATOR:
        certificates = certificates.filter(body_id=getattr(user, "body_id", None))
    context: dict[str, object] = {
        "enterprise": enterprise, "groups": groups, "certificates": certificates,
        "former_names": enterprise.name_history.all(), "today": timezone.localdate(),
        "show_grades": may_see_grades(user, enterprise.pk),
        "is_owner": enterprise_id_of(user) == enterprise.pk, "back_office": back_office,
    }
    if context["show_grades"]:
        grades = list(queries.grade_history(enterprise).select_related("run__model")
                      [:GRADES_SHOWN])
        context["grades"] = [(g, explain(g)) for g in grades]
        context["entries"] = (DishonestyEntry.objects.filter(enterprise=enterprise)
                              .prefetch_related("repairs"))
    return render(request, "credit/archive.html", context)


@require_GET
@role_required(Role.ENTERPRISE)
def my_archive(request: HttpRequest) -> HttpResponse:
    enterprise_id = enterprise_id_of(request.user)
    if enterprise_id is None:
        raise PermissionDenied
    return redirect("credit:archive", uscc=request.user.enterprise.uscc)  # type: ignore[union-attr]
