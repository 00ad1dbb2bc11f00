"""Who is calling the public API, and how often they may.

Anonymous callers are welcome and limited per client address
(QC_RATE_ANON_PER_MINUTE). A procurement system sends
`Authorization: Bearer <token>` (an ApiToken, issued by bureau staff) and is
limited per token at that token's own rate. A token that is wrong, revoked or
whose owner is disabled is a 401 — never silently treated as anonymous, or a
misconfigured client would not notice it had lost its limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from qualitycert.accounts import ratelimit

from . import actions, queries
from .models import ApiToken


@dataclass(frozen=True)
class ApiClient:
    token: ApiToken | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.token is None


ANONYMOUS = ApiClient()


class OptionalBearer(HttpBearer):
    """Bearer auth that lets anonymous callers through (OpenAPI still shows the
    scheme, so clients know a token is accepted)."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            return ANONYMOUS
        client = super().__call__(request)
        if client is None:
            raise HttpError(401, _("Authorization 头应为 'Bearer <token>'"))
        return client

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        row = queries.api_token_for(token)
        if row is None:
            raise HttpError(401, _("令牌无效或已撤销"))
        return ApiClient(row)


public_auth = OptionalBearer()


def client_of(request: HttpRequest) -> ApiClient:
    client = getattr(request, "auth", None)
    return client if isinstance(client, ApiClient) else ANONYMOUS


def enforce_rate_limit(request: HttpRequest, *, cost: int = 1) -> HttpResponse | None:
    """None if the call may go ahead, else the 429 to return."""
    client = client_of(request)
    if client.token is not None:
        decision = ratelimit.hit(f"token:{client.token.pk}", client.token.rate_limit_per_minute,
                                 cost=cost)
        actions.mark_token_used(client.token)
    else:
        decision = ratelimit.check_request(request, cost=cost)
    if decision.allowed:
        return None
    response = JsonResponse(
        {"detail": _("请求过于频繁，请 %(retry)s 秒后再试（每分钟上限 %(limit)s 次）") % {
            "retry": decision.retry_after, "limit": decision.limit}},
        status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response
