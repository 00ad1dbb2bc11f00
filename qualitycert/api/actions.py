"""Issuing and revoking the API tokens of procurement and bank systems."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.accounts.ratelimit import default_token_limit
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib import signing
from qualitycert.lib.normalize import normalize_name

from .models import ApiToken


class TokenError(ValueError):
    """A rule refused the change; the message says why."""


def _require_bureau(actor: Actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("仅限局工作人员"))


def create_api_token(*, owner: User, name: str, actor: Actor,
                     rate_limit_per_minute: int | None = None) -> tuple[ApiToken, str]:
    """Returns the row and the plaintext token; the plaintext is never stored,
    so this is the only moment anyone sees it."""
    _require_bureau(actor)
    name = normalize_name(name)
    if not name:
        raise TokenError(_("令牌名称不能为空"))
    if not getattr(owner, "is_active", False):
        raise TokenError(_("令牌所属用户已停用"))
    limit = default_token_limit() if rate_limit_per_minute is None else rate_limit_per_minute
    if limit < 1:
        raise TokenError(_("每分钟上限至少为1"))
    plaintext = signing.random_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name[:120], owner=owner, token_digest=signing.token_digest(plaintext),
            token_prefix=plaintext[:10], rate_limit_per_minute=limit)
        audit_append(action="api_token.create", object_type="api.apitoken",
                     object_id=str(token.pk), object_repr=str(token), actor=actor,
                     after={"name": token.name, "owner": owner.username,
                            "rate_limit_per_minute": limit, "prefix": token.token_prefix})
    return token, plaintext


def revoke_api_token(token: ApiToken, *, actor: Actor, reason: str = "") -> ApiToken:
    _require_bureau(actor)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise TokenError(_("令牌已撤销"))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_append(action="api_token.revoke", object_type="api.apitoken",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     reason=reason, before={"revoked_at": None},
                     after={"revoked_at": locked.revoked_at})
    token.revoked_at = locked.revoked_at
    return locked


# Stamping last use is bookkeeping, not a business change: no audit entry, and
# at most one write a minute per token so the hot path stays read-only.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def mark_token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
