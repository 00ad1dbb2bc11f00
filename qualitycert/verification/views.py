"""The public portal: search, certificate pages, enterprise profiles, the QR
landing page, what carries a certificate off the screen (QR images, the PDF
slip, the key set that checks them) and the forgery-report form. No login;
every lookup is rate-limited per client and bounded in what it returns."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts import ratelimit
from qualitycert.accounts.actor import Actor
from qualitycert.accounts.ratelimit import rate_limited
from qualitycert.catalog.queries import public_declarations_of
from qualitycert.credit.queries import active_dishonesty_for
from qualitycert.inspections.queries import published_results_for
from qualitycert.lib import signing
from qualitycert.registry.models import Certificate

from . import actions, keyring, qr, queries, signed_links
from .forms import ForgeryReportForm, SearchForm
from .slip import render_slip
from .wording import wording


def certificate_url(body_approval_number: str, number: str) -> str:
    return reverse("verification:certificate", args=[body_approval_number, number])


def _not_found(request: HttpRequest, query: str, *, status: int = 200,
               result: queries.SearchResult | None = None) -> HttpResponse:
    return render(request, "verification/not_found.html", {
        "query": query, "result": result, "coverage": queries.body_coverage(),
        "report_url": reverse("verification:report") + _report_query(query),
        "form": SearchForm(initial={"q": query}),
        "suggestion_links": _suggestion_links(result) if result else [],
    }, status=status)


def _report_query(number: str) -> str:
    return "?" + urlencode({"certificate_number": number}) if number else ""


@require_GET
@rate_limited
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Too long, or characters no form accepts (NUL): say so, search nothing.
        return render(request, "verification/search.html", {"form": form}, status=400)
    if not form.is_bound or not form.cleaned_data["q"].strip():
        return render(request, "verification/search.html", {"form": SearchForm()})
    result = queries.search(form.cleaned_data["q"])
    if not result.found:
        return _not_found(request, result.query, result=result)
    single = result.single_certificate
    if single is not None:
        return redirect(certificate_url(single.body.approval_number, single.number))
    company = result.single_enterprise_by_uscc
    if company is not None:
        return redirect("verification:enterprise", uscc=company.uscc)
    today = queries.today()
    rows = [(c, wording(queries.live_status(c.status, c.expires_on, today)),
             queries.live_status(c.status, c.expires_on, today)) for c in result.certificates]
    return render(request, "verification/search.html", {
        "form": form, "result": result, "certificate_rows": rows,
        "cap": queries.SEARCH_CAP, "suggestion_links": _suggestion_links(result)})


def _suggestion_links(result: queries.SearchResult) -> list[tuple[str, str]]:
    """(name, search URL) for each "您要找的是不是…" suggestion."""
    base = reverse("verification:search")
    return [(s.name, f"{base}?{urlencode({'q': s.name})}") for s in result.suggestions]


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
    # Compact and long tokens alike: the claims under one set of names.
    claims = verified.summary()
    cert = queries.certificate_for_page(verified.body, verified.number)
    if cert is None:
        return render(request, "verification/token_unmatched.html",
                      {"claims": claims, "report_url": reverse("verification:report")
                       + _report_query(verified.number)})
    context = _certificate_context(cert)
    uscc = verified.holder_uscc
    context.update({
        "signature_good": True, "claims": claims, "kid": verified.kid,
        "holder_changed": uscc is not None and uscc != cert.holder.uscc,
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
    pairs = queries.certificates_of(found)
    counts = [(status, wording(status).badge, n)
              for status, n in queries.status_counts(pairs).items() if n]
    return render(request, "verification/enterprise.html", {
        "enterprise": found,
        "certificate_rows": [(cert, status, wording(status)) for cert, status in pairs],
        "counts": counts,
        "inspection_results": published_results_for(found),
        "declarations": public_declarations_of(found),
        "dishonesty": active_dishonesty_for(found.pk, timezone.localdate()),
    })


# --- off the screen: QR code, slip, keys ---------------------------------------------


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


# --- forgery reports ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit.rate_limited
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = {k: request.GET.get(k, "")[:100] for k in ("certificate_number",)}
        return render(request, "verification/report.html",
                      {"form": ForgeryReportForm(initial=initial)})
    form = ForgeryReportForm(request.POST)
    if not form.is_valid():
        return render(request, "verification/report.html", {"form": form}, status=400)
    address = ratelimit.client_address(request)
    decision = ratelimit.hit(f"report:{address}", ratelimit.reports_limit(), window=3600)
    if not decision.allowed:
        return ratelimit.too_many_requests_page(request, decision)
    if not form.is_spam():
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            # Anyone may report; a signed-in user reports under their own name.
            actor = Actor.of(request.user) if request.user.is_authenticated else None
            actions.submit_forgery_report(**data, client_address=_ip_or_none(address),
                                          actor=actor)
        except actions.VerificationError as exc:
            form.add_error(None, str(exc))
            return render(request, "verification/report.html", {"form": form}, status=400)
    messages.success(request, _("举报已提交，感谢您的协助"))
    return redirect("verification:report_thanks")


def _ip_or_none(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@require_http_methods(["GET"])
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "verification/report_thanks.html")
