"""The site's login page (the back office has its own, with the same lockout)
and the second-factor pages every staff login passes through."""

from __future__ import annotations

import io
from urllib.parse import quote

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import lockout, reauth, securitylog, twofactor
from .forms import LockoutAuthenticationForm, ReauthForm, SecondFactorForm
from .roles import needs_second_factor


class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    # FormView treats PUT as POST; a login form has no business with it.
    http_method_names = ["get", "post", "head", "options"]


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?next={quote(target)}"


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two of a staff login: a code from the app or a recovery code."""
    user = request.user
    target = _next(request)
    if not needs_second_factor(user) or _verified(request):
        return HttpResponseRedirect(target)
    if not twofactor.is_enrolled(user):
        return HttpResponseRedirect(_with_next("second_factor_setup", target))
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            _complete(request, device)
            if twofactor.is_recovery_device(device):
                securitylog.record(request, securitylog.Event.RECOVERY_CODE_USED, user=user)
                return render(request, "accounts/recovery_used.html", {
                    "left": twofactor.recovery_codes_left(user), "next": target})
            return HttpResponseRedirect(target)
        securitylog.record(request, securitylog.Event.SECOND_FACTOR_FAILED, user=user)
        form.add_error("token", _("验证码不正确或已过期，请重新输入。"))
    return render(request, "accounts/second_factor.html",
                  {"form": form, "next": target}, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment on the first login: scan the code, type one code back."""
    user = request.user
    target = _next(request)
    if not needs_second_factor(user):
        return HttpResponseRedirect(target)
    if twofactor.is_enrolled(user):
        # Replacing an enrolled authenticator takes the security administrator
        # (a reset), never a password alone.
        return HttpResponseRedirect(_with_next("second_factor", target))
    device = twofactor.pending_totp(user)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = twofactor.confirm_enrolment(device)
            _complete(request, device)
            securitylog.record(request, securitylog.Event.SECOND_FACTOR_ENROLLED, user=user)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": target})
        form.add_error("token", _("验证码不正确，请核对手机时间后重新输入。"))
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "next": target, "secret": twofactor.base32_secret(device),
    }, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def second_factor_qr(request: HttpRequest) -> HttpResponse:
    """The enrolment's QR code (an otpauth:// URI) as SVG; only while the
    account has no authenticator yet, and never cached."""
    user = request.user
    if not needs_second_factor(user) or twofactor.is_enrolled(user):
        return HttpResponse(status=404)
    buffer = io.BytesIO()
    segno.make(twofactor.pending_totp(user).config_url, error="m").save(
        buffer, kind="svg", scale=4, xmldecl=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A verified user replaces their recovery codes (the old ones stop working)."""
    user = request.user
    if not needs_second_factor(user):
        return HttpResponseRedirect(str(settings.LOGIN_REDIRECT_URL))
    if not _verified(request):
        # /accounts/2fa/ is open to half-signed-in sessions; this page is not.
        return HttpResponseRedirect(_with_next("second_factor", request.get_full_path()))
    if request.method == "POST":
        codes = twofactor.replace_recovery_codes(user)
        securitylog.record(request, securitylog.Event.RECOVERY_CODES_REPLACED, user=user)
        return render(request, "accounts/recovery_codes.html",
                      {"codes": codes, "next": str(settings.LOGIN_REDIRECT_URL)})
    return render(request, "accounts/recovery_codes_replace.html",
                  {"left": twofactor.recovery_codes_left(user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Password and second factor again, before a step that cannot be undone."""
    user = request.user
    target = _next(request)
    form = ReauthForm(user, lockout.client_address(request),
                      request.POST if request.method == "POST" else None)
    if form.is_valid():
        reauth.mark(request)
        securitylog.record(request, securitylog.Event.REAUTHENTICATED, user=user,
                           next=target[:200])
        return HttpResponseRedirect(target)
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": target},
                  status=400 if form.is_bound else 200)


def _complete(request: HttpRequest, device: object) -> None:
    django_otp.login(request, device)
    reauth.mark(request)  # a fresh sign-in counts as a recent authentication
    # A new session key for the raised privilege, as login() does for the first factor.
    request.session.cycle_key()
    securitylog.record(request, securitylog.Event.LOGIN, user=request.user,
                       second_factor=type(device).__name__)
