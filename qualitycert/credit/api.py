"""`GET /api/v1/dishonesty`: the public dishonesty list (失信名单), active
entries only, paged. Public, rate-limited like the certificate lookup."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from qualitycert.api.auth import client_of, enforce_rate_limit, public_auth
from qualitycert.api.schemas import ErrorOut, error_response

from . import queries
from .models import DishonestyEntry, FinancingAccess
from .schemas import DishonestyPageOut, FinancingPageOut

router = Router(tags=["public"], auth=public_auth)
PAGE_SIZE = 50


class PageIn(Schema):
    page: int = NinjaField(1, ge=1, le=1_000_000)
    page_size: int = NinjaField(PAGE_SIZE, ge=1, le=200)


def entry_json(entry: DishonestyEntry) -> dict[str, Any]:
    return {"enterprise": {"uscc": entry.enterprise.uscc, "name": entry.enterprise.name},
            "criterion": entry.criterion, "criterion_label": entry.get_criterion_display(),
            "legal_basis": entry.legal_basis, "decision_number": entry.decision_number,
            "authority": entry.authority, "starts_on": entry.starts_on,
            "ends_on": entry.ends_on, "measures": list(entry.measures)}


def public_entries_of(enterprise_id: int) -> list[dict[str, Any]]:
    """An enterprise's active entries as the public API shows them."""
    return [entry_json(e) for e in queries.active_dishonesty_for(enterprise_id,
                                                                 timezone.localdate())]


@router.get("/dishonesty", url_name="dishonesty",
            response={200: DishonestyPageOut, 401: ErrorOut, 429: ErrorOut},
            summary="The public dishonesty list")
def list_dishonesty(request: HttpRequest, params: Query[PageIn]) -> Any:
    """Enterprises listed as dishonest today, the latest listing first. A
    repaired or ended entry is no longer here (its history is kept)."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    paginator = Paginator(queries.active_dishonesty(timezone.localdate()), params.page_size)
    page = paginator.get_page(params.page)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "items": [entry_json(e) for e in page]}


@router.get("/credit/financing", url_name="credit_financing",
            response={200: FinancingPageOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
            summary="Certified enterprises that consent to share a grade threshold")
def financing(request: HttpRequest, params: Query[PageIn]) -> Any:
    """For banks (认证贷) and insurers (质量认证责任保险) whose token the bureau has
    granted the `credit:financing` scope: certified enterprises that consented
    to share that their latest grade is at or above a threshold, and meet it.
    The grade itself, and anyone who has not consented, is never here."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    token = client_of(request).token
    if token is None:
        return error_response(401, _("须使用金融机构的接口令牌"))
    if not FinancingAccess.objects.filter(token=token, revoked_at__isnull=True).exists():
        return error_response(403, _("该令牌无增信查询权限（credit:financing）"))
    paginator = Paginator(queries.financing_list(timezone.localdate()), params.page_size)
    page = paginator.get_page(params.page)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "items": list(page)}
