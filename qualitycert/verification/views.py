"""The public portal: search, certificate pages, enterprise profiles, the QR
landing page. No login; every lookup is rate-limited per client and bounded in
what it returns. The QR images, the PDF slip, the forgery-report form and the
key set are in views_qr.py and views_report.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from qualitycert.lib import signing
from qualitycert.registry.models import Certificate

from . import keyring, qr, queries, signed_links
from .forms import SearchForm
from .ratelimit import rate_limited
from .sections import sections_for
from .wording import wording


def certificate_url(body_approval_number: str, number: str) -> str:
    return reverse("verification:certificate", args=[body_approval_number, number])


def _not_found(request: HttpRequest, query: str, *, status: int = 200,
               result: queries.SearchResult | None = None) -> HttpResponse:
    return render(request, "verification/not_found.html", {
        "query": query, "result": result, "coverage": queries.body_coverage(),
        "report_url": reverse("verification:report") + _report_query(query),
        "form": SearchForm(initial={"q": query}),
    }, status=status)


def _report_query(number: str) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({"certificate_number": number}) if number else ""


@require_GET
@rate_limited
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return render(request, "verification/search.html", {"form": SearchForm()})
    result = queries.search(form.cleaned_data["q"])
    if not result.found:
        return _not_found(request, result.query, result=result)
    single = result.single_certificate
    if single is not None:
        return redirect(certificate_url(single.body.approval_number, single.number))
    today = queries.today()
    rows = [(c, wording(queries.live_status(c.status, c.expires_on, today)),
             queries.live_status(c.status, c.expires_on, today)) for c in result.certificates]
    return render(request, "verification/search.html", {
        "form": form, "result": result, "certificate_rows": rows,
        "cap": queries.SEARCH_CAP})


def _certificate_context(cert: Certificate) -> dict[str, object]:
    today = queries.today()
    facts = queries.PublicCertificate.from_model(cert)
    status = facts.live_status(today)
    token = signed_links.link_for(facts, today).token
    return {
        "cert": cert, "status": status, "wording": wording(status),
        "recorded_expired_pending": status != cert.status,
        "events": queries.status_history(cert), "sites": [str(s) for s in cert.sites or []],
        "verification_url": qr.verification_url(token),
        "body_approved": cert.body.status == "approved",
        "page_url": certificate_url(cert.body.approval_number, cert.number),
    }


@require_GET
@rate_limited
def certificate(request: HttpRequest, body: str, number: str) -> HttpResponse:
    cert = queries.certificate_for_page(body, number)
    if cert is None:
        return _not_found(request, number, status=404)
    return render(request, "verification/certificate.html", _certificate_context(cert))


@require_GET
@rate_limited
def token_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where a scanned QR code lands: the signature check, then the live record."""
    try:
        verified = keyring.verify(token)
    except signing.InvalidToken as exc:
        return render(request, "verification/token_invalid.html", {
            "reason": exc, "search_form": SearchForm(),
            "report_url": reverse("verification:report")}, status=400)
    claims = verified.payload
    cert = queries.certificate_for_page(claims["body"], claims["no"])
    if cert is None:
        return render(request, "verification/token_unmatched.html",
                      {"claims": claims, "report_url": reverse("verification:report")
                       + _report_query(claims["no"])})
    context = _certificate_context(cert)
    context.update({
        "signature_good": True, "claims": claims, "kid": verified.kid,
        "holder_changed": claims["uscc"] != cert.holder.uscc,
        "token_expired": verified.expires_on < queries.today(),
    })
    return render(request, "verification/certificate.html", context)


@require_GET
@rate_limited
def enterprise(request: HttpRequest, uscc: str) -> HttpResponse:
    found = queries.enterprise_by_uscc(uscc)
    if found is None:
        return render(request, "verification/enterprise_not_found.html", {
            "uscc": uscc, "form": SearchForm()}, status=404)
    if found.uscc != uscc:
        # Full-width or lower-case in the address bar: one canonical URL.
        return redirect("verification:enterprise", uscc=found.uscc, permanent=True)
    return render(request, "verification/enterprise.html", {
        "enterprise": found, "sections": sections_for(found, request)})
