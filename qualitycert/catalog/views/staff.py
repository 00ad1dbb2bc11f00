"""Bureau pages: the product-side overview, self-declarations (and their
revocation), market-check cases and production-licence holders that did not
switch to CCC. Sampling has its own module (staff_sampling.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import BUREAU
from qualitycert.lib.normalize import normalize_identifier

from .. import actions, queries
from ..access import case_or_404
from ..forms import CloseCaseForm, DateForm, RevokeForm
from ..models import (
    CaseStatus,
    CatalogError,
    DeclarationStatus,
    FollowUpState,
    MarketCheckCase,
    SampleStatus,
    SamplingRecord,
    SelfDeclaration,
)

PAGE = 50


@require_GET
@role_required(*BUREAU)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    gaps = [g for g in queries.licence_gaps(today) if not g.covered and g.past_deadline]
    return render(request, "catalog/dashboard.html", {
        "today": today,
        "all_samples": queries.sampling_tally(start, today),
        "equipment": queries.sampling_tally(start, today, equipment_only=True),
        "by_category": queries.sampling_breakdown(start, today, "category"),
        "by_industry": queries.sampling_breakdown(start, today, "industry"),
        "waiting": SamplingRecord.objects.filter(status=SampleStatus.DRAWN).count(),
        "follow_ups": SamplingRecord.objects.filter(follow_up_state__in=[
            FollowUpState.OPEN, FollowUpState.RECTIFYING, FollowUpState.RETEST_FAILED]).count(),
        "open_cases": MarketCheckCase.objects.filter(status=CaseStatus.OPEN).count(),
        "licence_gaps": len(gaps),
        "valid_declarations": queries.declarations_valid_on(today).count(),
        "catalogue_size": len(queries.catalogue_on(today)),
    })


# --- declarations -------------------------------------------------------------------


@require_GET
@role_required(*BUREAU)
def declarations(request: HttpRequest) -> HttpResponse:
    rows = SelfDeclaration.objects.select_related("enterprise", "category").order_by(
        "-declared_on", "-id")
    status = request.GET.get("status", "")
    if status in DeclarationStatus.values:
        rows = rows.filter(status=status)
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        key = normalize_identifier(q)
        rows = rows.filter(Q(number=key) | Q(enterprise__uscc=key) | Q(enterprise__name__icontains=q)
                           | Q(category__code=key))
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/staff_declarations.html", {
        "page": page, "status": status, "q": q, "statuses": DeclarationStatus.choices})


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    found = (SelfDeclaration.objects.select_related("enterprise", "category", "lab")
             .filter(pk=pk).first())
    if found is None:
        raise Http404("no such declaration")
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.revoke_declaration(found, actor=Actor.of(request.user), **form.cleaned_data)
            except (CatalogError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("自我声明已撤销"))
                return redirect("catalog:staff_declaration", pk=found.pk)
        return render(request, "catalog/staff_declaration.html",
                      {"declaration": found, "form": form}, status=400)
    return render(request, "catalog/staff_declaration.html", {"declaration": found, "form": form})


# --- market-check cases ------------------------------------------------------------


@require_GET
@role_required(*BUREAU)
def cases(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CaseStatus.OPEN)
    rows = MarketCheckCase.objects.select_related("enterprise", "category").order_by(
        "-found_on", "-id")
    if status in CaseStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/cases.html", {"page": page, "status": status,
                                                  "statuses": CaseStatus.choices})


@require_http_methods(["GET"])
@role_required(*BUREAU)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    found = case_or_404(pk)
    return render(request, "catalog/case.html", {"case": found, "form": CloseCaseForm()})


@require_POST
@role_required(*BUREAU)
def close_case(request: HttpRequest, pk: int) -> HttpResponse:
    found = case_or_404(pk)
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        try:
            actions.close_case(found, outcome=form.cleaned_data["outcome"],
                               note=form.cleaned_data["note"], actor=Actor.of(request.user))
        except CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("案件线索已办结"))
            return redirect("catalog:case", pk=found.pk)
    return render(request, "catalog/case.html", {"case": found, "form": form}, status=400)


# --- production licences moved into CCC --------------------------------------------


@require_GET
@role_required(*BUREAU)
def licences(request: HttpRequest) -> HttpResponse:
    form = DateForm(request.GET or None)
    day = form.day()
    gaps = queries.licence_gaps(day)
    return render(request, "catalog/licences.html", {
        "form": form, "day": day, "gaps": gaps,
        "missing": [g for g in gaps if not g.covered and g.past_deadline]})
