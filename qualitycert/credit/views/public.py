"""The public dishonesty list (失信名单公示): active entries only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import queries

PAGE = 50


@require_GET
def dishonesty_public(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.active_dishonesty(timezone.localdate()), PAGE).get_page(
        request.GET.get("page"))
    return render(request, "credit/dishonesty_public.html", {"page": page})
