"""Public pages (一公开): plans with published results, and each plan's
published results with its draw's public facts. Paginated and plan-scoped:
never a dump of the registry or of anything not yet published."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import queries
from ..access import published_plan
from ..models import PUBLICATION_WORKING_DAYS


@require_GET
def public_plans(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.plans_with_published_results(), 20).get_page(request.GET.get("page"))
    return render(request, "inspections/public_plans.html",
                  {"page": page, "publication_working_days": PUBLICATION_WORKING_DAYS})


@require_GET
def public_plan_results(request: HttpRequest, pk: int) -> HttpResponse:
    plan = published_plan(pk)
    page = Paginator(queries.published_results_of(plan), 50).get_page(request.GET.get("page"))
    return render(request, "inspections/public_plan.html", {
        "plan": plan, "draw": getattr(plan, "draw", None), "page": page,
        "items": plan.items.all(), "departments": plan.departments.all(),
    })
