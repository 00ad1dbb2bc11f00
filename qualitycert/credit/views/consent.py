"""An enterprise's consent to share a grade threshold with banks and
insurers (认证增信): give, change, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role
from qualitycert.registry.models import Enterprise

from .. import actions, queries
from ..access import enterprise_id_of
from ..models import CreditError, ShareThreshold


class ConsentForm(forms.Form):
    min_grade = forms.ChoiceField(label=gettext_lazy("同意告知的等级"),
                                  choices=ShareThreshold.choices, widget=forms.RadioSelect)


@require_http_methods(["GET", "POST"])
@role_required(Role.ENTERPRISE)
def consent(request: HttpRequest) -> HttpResponse:
    enterprise_id = enterprise_id_of(request.user)
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first() if enterprise_id else None
    if enterprise is None:
        raise PermissionDenied
    current = queries.active_consent(enterprise.pk)
    form = ConsentForm(request.POST or None,
                       initial={"min_grade": current.min_grade if current else "B"})
    status = 200
    if request.method == "POST":
        actor = Actor.of(request.user)
        if request.POST.get("revoke"):
            actions.revoke_consent(enterprise, actor=actor)
            messages.success(request, _("已撤回授权"))
            return redirect("credit:consent")
        if form.is_valid():
            try:
                actions.give_consent(enterprise, min_grade=form.cleaned_data["min_grade"],
                                     actor=actor)
            except CreditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已授权"))
                return redirect("credit:consent")
        status = 400
    return render(request, "credit/consent.html", {"form": form, "current": current},
                  status=status)
