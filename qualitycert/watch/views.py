"""The watchlist pages (/watch/): my watches, my webhook settings and my
delivery log; the 关注 Watch buttons on certificate and enterprise pages post
here. Any signed-in user may watch; every object is looked up through the
user's own watches, so another user's watch is a 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.verification import queries
from qualitycert.verification.wording import wording

from . import actions as watchlists
from .models import WatchTarget


class WatchAddForm(forms.Form):
    target = forms.ChoiceField(choices=WatchTarget.choices)
    body = forms.CharField(max_length=40, required=False)
    number = forms.CharField(max_length=100, required=False)
    uscc = forms.CharField(max_length=40, required=False)
    next = forms.CharField(max_length=500, required=False)


class WebhookUrlForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("回调地址"), max_length=500,
                          required=False,
                          widget=forms.URLInput(attrs={"placeholder": "https://…",
                                                       "inputmode": "url"}))


def _back(request: HttpRequest, fallback: str = "watch:watchlist") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _page(request: HttpRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    endpoint = watchlists.endpoint_of(request.user)
    today = queries.today()
    rows = []
    for watch in watchlists.watches_of(request.user):
        cert = watch.certificate
        status_now = queries.live_status(cert.status, cert.expires_on, today) if cert else ""
        rows.append((watch, status_now, wording(status_now) if cert else None))
    context = {
        "rows": rows, "endpoint": endpoint,
        "url_form": extra.pop("url_form", None) or WebhookUrlForm(
            initial={"url": endpoint.url if endpoint else ""}),
        "deliveries": watchlists.deliveries_of(request.user), **extra,
    }
    response = render(request, "watch/watchlist.html", context, status=status)
    # The page may carry a freshly made secret: never cache it.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def watchlist(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
def watch_add(request: HttpRequest) -> HttpResponse:
    form = WatchAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求有误"))
        return _back(request)
    data = form.cleaned_data
    actor = Actor.of(request.user)
    try:
        if data["target"] == WatchTarget.CERTIFICATE:
            cert = queries.certificate_for_page(data["body"], data["number"])
            if cert is None:
                raise Http404("no such certificate")
            _watch, created = watchlists.watch_certificate(owner=actor.person(),
                                                          certificate=cert, actor=actor)
        else:
            enterprise = queries.enterprise_by_uscc(data["uscc"])
            if enterprise is None:
                raise Http404("no such enterprise")
            _watch, created = watchlists.watch_enterprise(owner=actor.person(),
                                                          enterprise=enterprise, actor=actor)
    except watchlists.WatchError as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, _("已关注，状态变化时将通知您") if created else
                     _("已在关注中"))
    return _back(request)


@require_POST
@login_required
def watch_remove(request: HttpRequest, pk: int) -> HttpResponse:
    watch = watchlists.watch_for(request.user, pk)
    watchlists.unwatch(watch, actor=Actor.of(request.user))
    messages.success(request, _("已取消关注"))
    return _back(request)


@require_POST
@login_required
def webhook_url(request: HttpRequest) -> HttpResponse:
    form = WebhookUrlForm(request.POST)
    if not form.is_valid():
        return _page(request, url_form=form, status=400)
    try:
        actor = Actor.of(request.user)
        _endpoint, secret = watchlists.set_webhook_url(owner=actor.person(),
                                                       url=form.cleaned_data["url"], actor=actor)
    except watchlists.WatchError as exc:
        form.add_error("url", str(exc))
        return _page(request, url_form=form, status=400)
    if secret is None:
        messages.success(request, _("回调地址已保存"))
        return redirect("watch:watchlist")
    return _page(request, new_secret=secret)


@require_POST
@login_required
def webhook_secret(request: HttpRequest) -> HttpResponse:
    actor = Actor.of(request.user)
    secret = watchlists.regenerate_webhook_secret(owner=actor.person(), actor=actor)
    return _page(request, new_secret=secret)
