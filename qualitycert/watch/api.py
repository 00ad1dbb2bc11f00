"""Watchlists for API clients (/api/v1/watch/): list, add and remove watches,
set the webhook URL, rotate its secret, read the delivery log. A bearer
token is required (an ApiToken issued by bureau staff); the token's owner is
the watcher, so watches made here and on the web pages are the same list.
Another owner's watch is a 404, like one that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from qualitycert.accounts.actor import Actor
from qualitycert.api import queries as api_queries
from qualitycert.api.auth import ApiClient, client_of, enforce_rate_limit
from qualitycert.api.schemas import ErrorOut, given
from qualitycert.verification import queries

from . import actions as watchlists
from .models import Delivery, Watch


class TokenRequired(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        row = api_queries.api_token_for(token)
        if row is None:
            raise HttpError(401, _("令牌无效或已撤销"))
        return ApiClient(row)


router = Router(tags=["watch"], auth=TokenRequired())


class WatchIn(Schema):
    # Exactly one of the two, as add_watch checks (blank counts as absent).
    model_config = ConfigDict(json_schema_extra={
        "oneOf": [given("certificate_number"), given("enterprise_uscc")]})

    certificate_number: str | None = Field(None, max_length=100)
    body: str | None = Field(None, max_length=40,
                             description="approval number CNCA-R-…, when a number exists at "
                                         "several bodies")
    enterprise_uscc: str | None = Field(None, max_length=40,
                                        description="watch every certificate of this holder")


class WatchedCertificateOut(Schema):
    number: str
    body_approval_number: str
    holder_uscc: str
    holder_name: str
    status: str


class WatchedEnterpriseOut(Schema):
    uscc: str
    name: str


class WatchOut(Schema):
    id: int
    target: Literal["certificate", "enterprise"]
    certificate: WatchedCertificateOut | None
    enterprise: WatchedEnterpriseOut | None
    created_at: dt.datetime


class WatchListOut(Schema):
    watches: list[WatchOut]


class WebhookIn(Schema):
    # Required, though it may be empty: a body without it is a mistake, not a
    # request to remove the webhook.
    url: str = Field(max_length=500, description="http(s) URL; empty for no webhook")


class WebhookOut(Schema):
    url: str
    secret_prefix: str
    secret: str | None = Field(None, description="the signing secret, present only in the "
                                                 "answer that created it")


class DeliveryOut(Schema):
    delivery_id: str
    watch_id: int
    certificate_number: str
    change: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime


class DeliveryListOut(Schema):
    deliveries: list[DeliveryOut]


ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _error(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _watch_json(watch: Watch) -> dict[str, Any]:
    cert, enterprise = watch.certificate, watch.enterprise
    return {
        "id": watch.pk, "target": watch.target.value, "created_at": watch.created_at,
        "certificate": None if cert is None else {
            "number": cert.number, "body_approval_number": cert.body.approval_number,
            "holder_uscc": cert.holder.uscc, "holder_name": cert.holder.name,
            "status": queries.live_status(cert.status, cert.expires_on, queries.today())},
        "enterprise": None if enterprise is None else {"uscc": enterprise.uscc,
                                                       "name": enterprise.name},
    }


def _owner(request: HttpRequest) -> Any:
    token = client_of(request).token
    assert token is not None  # TokenRequired let the call through
    return token.owner


@router.get("", url_name="watch_list", response={200: WatchListOut, **ERRORS},
            summary="List my watches")
def list_watches(request: HttpRequest) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    return {"watches": [_watch_json(w) for w in watchlists.watches_of(_owner(request))]}


@router.post("", url_name="watch_add",
             response={200: WatchOut, 201: WatchOut, 409: ErrorOut, **ERRORS},
             summary="Watch a certificate or an enterprise")
def add_watch(request: HttpRequest, payload: WatchIn) -> Any:
    """Give `certificate_number` (and `body` if several bodies use the number)
    or `enterprise_uscc`. 201 when the watch is new, 200 when it existed."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    owner = _owner(request)
    number = (payload.certificate_number or "").strip()
    uscc = (payload.enterprise_uscc or "").strip()
    if bool(number) == bool(uscc):
        return _error(422, _("请只填写 certificate_number 或 enterprise_uscc 之一"))
    try:
        if number:
            found = queries.public_certificates(number, payload.body)
            if not found:
                return _error(404, _("未找到该证书"))
            if len(found) > 1:
                return _error(409, _("多个认证机构有此编号，请用 body 指定"),
                              candidates=[c.body_approval_number for c in found])
            cert = queries.certificate_for_page(found[0].body_approval_number, found[0].number)
            assert cert is not None
            watch, created = watchlists.watch_certificate(owner=owner, certificate=cert,
                                                          actor=Actor.of(owner))
        else:
            enterprise = queries.enterprise_by_uscc(uscc)
            if enterprise is None:
                return _error(404, _("未找到该企业"))
            watch, created = watchlists.watch_enterprise(owner=owner, enterprise=enterprise,
                                                         actor=Actor.of(owner))
    except watchlists.WatchError as exc:
        return _error(422, str(exc))
    return Status(201 if created else 200, _watch_json(watchlists.watch_for(owner, watch.pk)))


@router.delete("/{int:watch_id}", url_name="watch_remove", response={204: None, **ERRORS},
               summary="Stop watching")
def remove_watch(request: HttpRequest, watch_id: int) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    owner = _owner(request)
    watch = watchlists.watches_of(owner).filter(pk=watch_id).first()
    if watch is None:
        return _error(404, _("没有此关注"))
    watchlists.unwatch(watch, actor=Actor.of(owner))
    return HttpResponse(status=204)


@router.put("/webhook", url_name="watch_webhook", response={200: WebhookOut, **ERRORS},
            summary="Set the webhook URL")
def set_webhook(request: HttpRequest, payload: WebhookIn) -> Any:
    """The first time a URL is set, the answer carries the signing secret —
    the only time it is shown."""
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    owner = _owner(request)
    try:
        endpoint, secret = watchlists.set_webhook_url(owner=owner, url=payload.url, actor=Actor.of(owner))
    except watchlists.WatchError as exc:
        return _error(422, str(exc))
    return {"url": endpoint.url, "secret_prefix": endpoint.secret_prefix, "secret": secret}


@router.post("/webhook/secret", url_name="watch_webhook_secret",
             response={200: WebhookOut, **ERRORS},
             summary="Regenerate the signing secret")
def regenerate_secret(request: HttpRequest) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    owner = _owner(request)
    secret = watchlists.regenerate_webhook_secret(owner=owner, actor=Actor.of(owner))
    endpoint = watchlists.endpoint_of(owner)
    assert endpoint is not None
    return {"url": endpoint.url, "secret_prefix": endpoint.secret_prefix, "secret": secret}


def _delivery_json(d: Delivery) -> dict[str, Any]:
    return {"delivery_id": str(d.delivery_id), "watch_id": d.watch_id,
            "certificate_number": d.event.certificate.number, "change": d.event.kind,
            "status": d.status, "attempts": d.attempts, "last_status_code": d.last_status_code,
            "last_error": d.last_error, "next_attempt_at": d.next_attempt_at,
            "created_at": d.created_at}


@router.get("/deliveries", url_name="watch_deliveries", response={200: DeliveryListOut, **ERRORS},
            summary="Recent deliveries (latest 100)")
def list_deliveries(request: HttpRequest) -> Any:
    limited = enforce_rate_limit(request)
    if limited is not None:
        return limited
    owner = _owner(request)
    return {"deliveries": [_delivery_json(d) for d in watchlists.deliveries_of(owner, limit=100)]}
