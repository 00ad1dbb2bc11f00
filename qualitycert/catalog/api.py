"""`GET /api/v1/self-declarations/{number}`: one self-declaration, as the
public page shows it. Public, rate-limited like the certificate lookup; a
withdrawn or revoked declaration answers with its status, never a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Router

from qualitycert.api.auth import enforce_rate_limit, public_auth
from qualitycert.api.schemas import ErrorOut, error_response

from . import queries
from .models import SelfDeclaration
from .schemas import SelfDeclarationOut

router = Router(tags=["public"], auth=public_auth)

NOT_FOUND = gettext_lazy("未找到该自我声明")


def declaration_summary(d: SelfDeclaration) -> dict[str, Any]:
    return {"number": d.number, "status": d.status,
            "category": {"code": d.category.code, "name": d.category.name},
            "product": d.product, "declared_on": d.declared_on, "ended_on": d.ended_on}


def declaration_json(d: SelfDeclaration) -> dict[str, Any]:
    return {
        **declaration_summary(d),
        "enterprise": {"uscc": d.enterprise.uscc, "name": d.enterprise.name},
        "models": list(d.models_list), "standards": list(d.standards),
        "lab": {"cma_number": d.lab.cma_number, "name": d.lab.name},
        "report_number": d.report_number, "report_date": d.report_date,
        "withdrawn_on": d.withdrawn_on, "revoked_on": d.revoked_on,
        "revocation_grounds": d.revocation_grounds, "decision_number": d.decision_number,
        "url": reverse("catalog:declaration", args=[d.number]),
    }


@router.get("/self-declarations/{number}", url_name="self_declaration",
            response={200: SelfDeclarationOut, 404: ErrorOut, 401: ErrorOut, 429: ErrorOut},
            summary="Look up one self-declaration")
def get_self_declaration(request: HttpRequest, number: str) -> Any:
    """A self-declaration (强制性认证产品符合性自我声明) by its number, as people
    type it (full-width, lower case and spaces are fine)."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    found = queries.declaration_by_number(number)
    if found is None:
        return error_response(404, str(NOT_FOUND))
    return declaration_json(found)
