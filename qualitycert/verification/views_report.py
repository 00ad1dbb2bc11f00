"""Reporting a suspected forgery: a form anyone can fill in, which lands in
the bureau's queue (admin: 伪造证书举报 forgery reports)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import actions, ratelimit
from .forms import ForgeryReportForm


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
            actions.submit_forgery_report(**data, client_address=_ip_or_none(address),
                                          actor=request.user)
        except actions.VerificationError as exc:
            form.add_error(None, str(exc))
            return render(request, "verification/report.html", {"form": form}, status=400)
    messages.success(request, _("举报已提交，感谢您的协助 Your report has been received. Thank you."))
    return redirect("verification:report_thanks")


def _ip_or_none(address: str) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@require_http_methods(["GET"])
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "verification/report_thanks.html")
