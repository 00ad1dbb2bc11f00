"""What carries a certificate off the screen: its QR code (SVG, PNG), a
printable verification slip (PDF), and the public keys that check them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from . import keyring, qr, queries, ratelimit, signed_links
from .ratelimit import rate_limited
from .slip import render_slip
from .views import _not_found


def _facts_or_none(body: str, number: str) -> queries.PublicCertificate | None:
    found = queries.public_certificates(number, body, limit=1)
    return found[0] if found else None


@require_GET
@rate_limited
def qr_image(request: HttpRequest, body: str, number: str, fmt: str) -> HttpResponse:
    facts = _facts_or_none(body, number)
    if facts is None:
        return _not_found(request, number, status=404)
    url = qr.verification_url(signed_links.link_for(facts, queries.today()).token)
    if fmt == "svg":
        response = HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    # A link not signed ahead of time carries today's date; an hour is safe either way.
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@rate_limited
def slip_pdf(request: HttpRequest, body: str, number: str) -> HttpResponse:
    decision = ratelimit.hit(f"slip:{ratelimit.client_address(request)}", ratelimit.slips_limit())
    if not decision.allowed:
        return ratelimit.too_many_requests_page(request, decision)
    cert = queries.certificate_for_page(body, number)
    if cert is None:
        return _not_found(request, number, status=404)
    response = HttpResponse(render_slip(cert, request), content_type="application/pdf")
    filename = f"verification-{cert.body.approval_number}-{cert.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def published_keys(request: HttpRequest) -> JsonResponse:
    """The JWKS: every key that ever signed a token, current first."""
    response = JsonResponse(keyring.published_jwks())
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
