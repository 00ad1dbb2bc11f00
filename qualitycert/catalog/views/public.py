"""Public pages: the CCC catalogue (on any date) and self-declarations, looked
up by number or by enterprise. Declarations are published documents; nothing
else of this app is public. Rate-limited like every public lookup."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from qualitycert.accounts.ratelimit import rate_limited
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Enterprise

from .. import queries
from ..forms import DateForm, LookupForm
from ..models import ProductCategory


@require_GET
@rate_limited
def catalogue(request: HttpRequest) -> HttpResponse:
    form = DateForm(request.GET or None)
    day = form.day()
    entries = queries.catalogue_on(day)
    groups: dict[str, list[queries.CatalogueEntry]] = {}
    for entry in entries:
        groups.setdefault(str(entry.category.group), []).append(entry)
    return render(request, "catalog/catalogue.html", {
        "form": form, "day": day, "groups": groups, "count": len(entries)})


@require_GET
@rate_limited
def category(request: HttpRequest, code: str) -> HttpResponse:
    found = ProductCategory.objects.select_related("group").filter(
        code=normalize_identifier(code)).first()
    if found is None:
        raise Http404("no such category")
    return render(request, "catalog/category.html", {
        "category": found, "history": queries.category_history(found),
        "designated_labs": found.designated_labs.order_by("cma_number")})


@require_GET
@rate_limited
def declaration_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    status = 200
    if form.is_valid():
        key = normalize_identifier(form.cleaned_data["q"])
        found = queries.declaration_by_number(key)
        if found is not None:
            return redirect("catalog:declaration", number=found.number)
        enterprise = Enterprise.objects.filter(uscc=key).first() if len(key) == 18 else None
        if enterprise is not None:
            context.update({"enterprise": enterprise,
                            "declarations": queries.public_declarations_of(enterprise)})
        else:
            context["not_found"] = form.cleaned_data["q"]
            status = 404
    return render(request, "catalog/declaration_lookup.html", context, status=status)


@require_GET
@rate_limited
def declaration(request: HttpRequest, number: str) -> HttpResponse:
    found = queries.declaration_by_number(number)
    if found is None:
        return render(request, "catalog/declaration_lookup.html", {
            "form": LookupForm(initial={"q": number[:60]}), "not_found": number[:60]},
            status=404)
    if found.number != number:
        return redirect("catalog:declaration", number=found.number, permanent=True)
    return render(request, "catalog/declaration.html", {"declaration": found})
