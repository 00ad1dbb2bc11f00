"""The public lookup endpoints: one certificate, one enterprise.

There is deliberately no list endpoint: the public may check what they hold,
not page through the registry.

`GET /certificates/{number}` is declared here for the OpenAPI document and
served by the plain Django view `verification.lookup.certificate`, which the
URLconfs (qualitycert/urls.py, qualitycert/urls_public.py) route before the
API; the operation below calls the same view, so the answer is the same
whichever way a request arrives (decision 0006).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router

from qualitycert.api.auth import enforce_rate_limit, public_auth
from qualitycert.api.schemas import ErrorOut, error_response
from qualitycert.catalog.api import declaration_summary
from qualitycert.catalog.queries import public_declarations_of
from qualitycert.credit.api import public_entries_of

from . import lookup, queries
from .schemas import AmbiguousOut, CertificateOut, EnterpriseOut

router = Router(tags=["public"], auth=public_auth)

LIMITED = {401: ErrorOut, 429: ErrorOut}


@router.get("/certificates/{path:number}", url_name="certificate",
            response={200: CertificateOut, 304: None, 404: ErrorOut, 409: AmbiguousOut,
                      **LIMITED},
            summary="Look up one certificate")
def get_certificate(request: HttpRequest, number: str, body: str | None = None) -> HttpResponse:
    """A certificate by its number. Numbers are unique only within a body: if
    several bodies have issued the number, the answer is 409 with the
    candidates' approval numbers, and `?body=CNCA-R-…` chooses. Answers carry
    `ETag` and `Last-Modified` and honour conditional requests (304)."""
    return lookup.certificate(request, number)


@router.get("/enterprises/{uscc}", url_name="enterprise",
            response={200: EnterpriseOut, 404: ErrorOut, **LIMITED},
            summary="Public profile of an enterprise")
def get_enterprise(request: HttpRequest, uscc: str) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    enterprise = queries.enterprise_by_uscc(uscc)
    if enterprise is None:
        return error_response(404, _("未找到该企业"))
    pairs = queries.certificates_of(enterprise)
    return {
        "uscc": enterprise.uscc, "name": enterprise.name,
        "former_names": [{"name": n.name, "until": n.used_until}
                         for n in enterprise.name_history.all()],
        "legal_status": enterprise.legal_status,
        "certificate_counts": queries.status_counts(pairs),
        "certificates": [{
            "number": c.number, "status": status,
            "body": {"approval_number": c.body.approval_number, "name": c.body.name},
            "scheme": {"code": c.scheme.code, "category": c.scheme.category,
                       "name": c.scheme.name, "standard": c.scheme.standard},
            "issued_on": c.issued_on, "expires_on": c.expires_on,
        } for c, status in pairs],
        "self_declarations": [declaration_summary(d)
                              for d in public_declarations_of(enterprise)],
        "dishonesty": public_entries_of(enterprise.pk),
    }
