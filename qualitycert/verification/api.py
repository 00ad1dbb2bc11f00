"""The public lookup endpoints: one certificate, one enterprise.

There is deliberately no list endpoint: the public may check what they hold,
not page through the registry.

`GET /certificates/{number}` is the hot path (a procurement system checking
one certificate per page view): one indexed query without model instances,
the verification link signed ahead of time (verification.signed_links),
ETag/Last-Modified with conditional GET,
and the JSON written directly rather than through response validation — the
declared schema is for the OpenAPI document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import Router

from qualitycert.api.auth import enforce_rate_limit, public_auth
from qualitycert.api.schemas import ErrorOut, error_response
from qualitycert.catalog.api import declaration_summary
from qualitycert.catalog.queries import public_declarations_of
from qualitycert.credit.api import public_entries_of

from . import qr, queries, signed_links
from .queries import PublicCertificate
from .schemas import AmbiguousOut, CertificateOut, EnterpriseOut

router = Router(tags=["public 公开查询"], auth=public_auth)

CACHE_CONTROL = "public, max-age=60"
LIMITED = {401: ErrorOut, 429: ErrorOut}


NOT_FOUND = "未找到该证书 no such certificate"
AMBIGUOUS = ("多个认证机构有此编号，请用 ?body= 指定 the number exists at several "
             "bodies; choose one with ?body=")




# The parts of the certificate answer that qualitycert.hotpath.lookup shares
# with the view below, so that both write the same bytes.

def not_found() -> JsonResponse:
    return error_response(404, NOT_FOUND)


def ambiguous(found: list[PublicCertificate]) -> JsonResponse:
    return error_response(409, AMBIGUOUS, candidates=[
        {"approval_number": c.body_approval_number, "name": c.body_name} for c in found])


def validators(cert: PublicCertificate, today: Any, link: signed_links.Link
               ) -> tuple[str, int]:
    """(ETag, Last-Modified as a timestamp). The body is the certificate's data
    (the live status depends on today) and a link whose token is fixed by the
    claims, the key and its date, Ed25519 signatures being deterministic; so
    these fix the bytes exactly."""
    modified = cert.last_modified
    etag = (f'"{cert.pk}-{modified.timestamp():.6f}-{link.kid}-{link.issued_on.isoformat()}-'
            f'{today.isoformat()}"')
    return etag, int(modified.timestamp())


def certificate_json(cert: PublicCertificate, today: Any, token: str) -> str:
    payload = {
        "number": cert.number,
        "status": cert.live_status(today),
        "holder": {"uscc": cert.holder_uscc, "name": cert.holder_name},
        "body": {"approval_number": cert.body_approval_number, "name": cert.body_name},
        "scheme": cert.scheme_json(),
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "last_surveillance_on": (cert.last_surveillance_on.isoformat()
                                 if cert.last_surveillance_on else None),
        "verification_url": qr.verification_url(token),
        "log_leaf_index": cert.log_leaf_index,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class CertificateAnswer:
    """A 200 for one certificate: the body and its validators. The view and
    the fast lane (qualitycert.hotpath) each wrap it in their own response."""

    content: str
    etag: str
    last_modified: int


CertificateFinder = Callable[[str, "str | None"], list[PublicCertificate]]


def _find(number: str, body: str | None) -> list[PublicCertificate]:
    return queries.public_certificates(number, body, limit=queries.SEARCH_CAP)


CONDITIONAL_HEADERS = frozenset({"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
                                 "HTTP_IF_UNMODIFIED_SINCE"})


def certificate_answer(request: HttpRequest, number: str, body: str | None,
                       find: CertificateFinder) -> CertificateAnswer | HttpResponse:
    """One certificate as the public API answers it: the 429, 404, 409, 304
    or 412 as a Django response, a 200 as a `CertificateAnswer`. `find` is
    `queries.public_certificates` here and its compiled twin in the fast lane."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    found = find(number, body)
    if not found:
        return not_found()
    if len(found) > 1:
        return ambiguous(found)
    cert = found[0]
    today = queries.today()
    link = signed_links.link_for(cert, today)
    etag, last_modified = validators(cert, today, link)
    # Without a conditional header get_conditional_response() is None; most
    # callers send none, so skip parsing four absent headers.
    if not CONDITIONAL_HEADERS.isdisjoint(request.META):
        not_modified = get_conditional_response(request, etag=etag,
                                                last_modified=last_modified)
        if not_modified is not None:
            not_modified["Cache-Control"] = CACHE_CONTROL
            return not_modified
    return CertificateAnswer(certificate_json(cert, today, link.token), etag, last_modified)


@router.get("/certificates/{path:number}", url_name="certificate",
            response={200: CertificateOut, 304: None, 404: ErrorOut, 409: AmbiguousOut,
                      **LIMITED},
            summary="证书查询 Look up one certificate")
def get_certificate(request: HttpRequest, number: str, body: str | None = None) -> Any:
    """A certificate by its number. Numbers are unique only within a body: if
    several bodies have issued the number, the answer is 409 with the
    candidates' approval numbers, and `?body=CNCA-R-…` chooses."""
    answer = certificate_answer(request, number, body, _find)
    if not isinstance(answer, CertificateAnswer):
        return answer
    response = HttpResponse(answer.content, content_type="application/json")
    response["ETag"] = answer.etag
    response["Last-Modified"] = http_date(answer.last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


@router.get("/enterprises/{uscc}", url_name="enterprise",
            response={200: EnterpriseOut, 404: ErrorOut, **LIMITED},
            summary="企业公开信息 Public profile of an enterprise")
def get_enterprise(request: HttpRequest, uscc: str) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    enterprise = queries.enterprise_by_uscc(uscc)
    if enterprise is None:
        return error_response(404, "未找到该企业 no enterprise with this USCC")
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
