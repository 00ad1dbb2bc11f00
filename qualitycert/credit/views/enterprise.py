"""An enterprise applies for credit repair of its own listing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role

from .. import actions
from ..access import own_entry_or_404
from ..forms import RepairForm
from ..models import CreditError


@require_http_methods(["GET", "POST"])
@role_required(Role.ENTERPRISE)
def apply_repair(request: HttpRequest, pk: int) -> HttpResponse:
    entry = own_entry_or_404(request.user, pk)
    form = RepairForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.apply_for_repair(entry, actor=Actor.of(request.user), **form.cleaned_data)
            except CreditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("信用修复申请已提交"))
                return redirect("credit:archive", uscc=entry.enterprise.uscc)
        status = 400
    return render(request, "credit/repair_apply.html", {"entry": entry, "form": form},
                  status=status)
