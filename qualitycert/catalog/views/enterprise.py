"""An enterprise's own self-declarations: list, file (on a phone as well as
a desk), read, withdraw. Another enterprise's declaration is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.models import Role
from qualitycert.registry.models import Enterprise

from .. import actions, queries
from ..access import enterprise_id_of, own_declaration_or_404
from ..forms import DeclarationForm, WithdrawForm
from ..models import CatalogError


@require_GET
@role_required(Role.ENTERPRISE)
def my_declarations(request: HttpRequest) -> HttpResponse:
    enterprise_id = enterprise_id_of(request.user)
    if enterprise_id is None:
        raise PermissionDenied
    return render(request, "catalog/my_declarations.html", {
        "declarations": queries.declarations_for_enterprise(enterprise_id)})


@require_http_methods(["GET", "POST"])
@role_required(Role.ENTERPRISE)
def file_declaration(request: HttpRequest) -> HttpResponse:
    user = request.user
    enterprise_id = enterprise_id_of(user)
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first() if enterprise_id else None
    if enterprise is None:
        raise PermissionDenied
    form = DeclarationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                declaration = actions.file_declaration(
                    enterprise=enterprise, category=data["category"],
                    product=data["product"], models=data["models"], standards=data["standards"],
                    lab=data["lab"], report_number=data["report_number"],
                    report_date=data["report_date"], declared_on=data["declared_on"], actor=Actor.of(user))
            except CatalogError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("自我声明已提交，声明编号 %(n)s") % {"n": declaration.number})
                return redirect("catalog:my_declaration", pk=declaration.pk)
        status = 400
    return render(request, "catalog/declaration_form.html", {"form": form}, status=status)


@require_GET
@role_required(Role.ENTERPRISE)
def my_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    found = own_declaration_or_404(request.user, pk)
    return render(request, "catalog/my_declaration.html", {
        "declaration": found, "withdraw_form": WithdrawForm()})


@require_POST
@role_required(Role.ENTERPRISE)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = own_declaration_or_404(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw_declaration(found, reason=form.cleaned_data["reason"],
                                         actor=Actor.of(request.user))
        except CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("自我声明已注销"))
            return redirect("catalog:my_declaration", pk=found.pk)
    return render(request, "catalog/my_declaration.html",
                  {"declaration": found, "withdraw_form": form}, status=400)
