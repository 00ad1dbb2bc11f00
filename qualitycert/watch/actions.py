"""Watchlists: a signed-in user (a procurement officer, a bank, a supervisor)
or an API client watches certificates or whole enterprises and is told of
every status change (notify.py, webhooks.py).

Writes are actions: atomic, audited, keyword-only `actor`, and a user only
ever changes their own watches and webhook settings. Reads are the queries
at the bottom; `watch_for` is the access helper, a 404 for anyone else's watch.
What may be watched is public anyway (any certificate, any enterprise), so
watching reveals nothing; whom one watches is private to the watcher.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.models import Certificate, Enterprise

from . import webhooks
from .models import Delivery, Watch, WebhookEndpoint


class WatchError(ValueError):
    """A rule refused the change; the message says why (zh and en)."""


def max_watches() -> int:
    return int(settings.QC_WATCHES_PER_USER)


def _require_self(owner: User, actor: Actor) -> None:
    if actor.user_id is None or actor.user_id != owner.pk:
        raise PermissionDenied(_("只能管理自己的关注"))


def _audit_watch(action: str, watch: Watch, *, actor: Actor, label: str) -> None:
    audit_append(action=action, object_type="verification.watch", object_id=str(watch.pk),
                 object_repr=f"{watch.owner.username} → {label}", actor=actor,
                 after={"owner": watch.owner.username, "target": watch.target.value,
                        "what": label})


def _add(owner: User, actor: Actor, label: str, **target: Any) -> tuple[Watch, bool]:
    _require_self(owner, actor)
    with transaction.atomic():
        existing = Watch.objects.filter(owner=owner, **target).first()
        if existing is not None:
            return existing, False
        if Watch.objects.filter(owner=owner).count() >= max_watches():
            raise WatchError(_("关注数量已达上限 %(max)s") % {"max": max_watches()})
        try:
            with transaction.atomic():
                watch = Watch.objects.create(owner=owner, **target)
        except IntegrityError:
            # The same user adding the same watch twice at once (a double click).
            return Watch.objects.get(owner=owner, **target), False
        _audit_watch("watch.add", watch, actor=actor, label=label)
    return watch, True


def watch_certificate(*, owner: User, certificate: Certificate, actor: Actor
                      ) -> tuple[Watch, bool]:
    """Returns the watch and whether it is new (adding twice is harmless)."""
    label = f"{certificate.number} ({certificate.body.approval_number})"
    return _add(owner, actor, label, certificate=certificate)


def watch_enterprise(*, owner: User, enterprise: Enterprise, actor: Actor) -> tuple[Watch, bool]:
    return _add(owner, actor, f"{enterprise.name} ({enterprise.uscc})", enterprise=enterprise)


def unwatch(watch: Watch, *, actor: Actor) -> None:
    """Stops the watch; its delivery log goes with it."""
    _require_self(watch.owner, actor)
    with transaction.atomic():
        label = describe(watch)
        audit_append(action="watch.remove", object_type="verification.watch",
                     object_id=str(watch.pk), object_repr=f"{watch.owner.username} → {label}",
                     actor=actor, before={"target": watch.target.value, "what": label})
        watch.delete()


def _endpoint_for_update(owner: User) -> WebhookEndpoint:
    endpoint, _ = WebhookEndpoint.objects.get_or_create(owner=owner)
    return WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)


def _new_secret(endpoint: WebhookEndpoint) -> str:
    secret = webhooks.new_secret()
    endpoint.sealed_secret = webhooks.seal_secret(secret, owner_id=endpoint.owner_id)
    endpoint.secret_prefix = secret[:12]
    endpoint.secret_created_at = timezone.now()
    return secret


def set_webhook_url(*, owner: User, url: str, actor: Actor) -> tuple[WebhookEndpoint, str | None]:
    """Set (or, with "", clear) where notifications are POSTed. The first time
    a URL is set a signing secret is made; it is returned, in clear, only then."""
    _require_self(owner, actor)
    url = (url or "").strip()
    if url:
        try:
            url = webhooks.check_url(url, resolve=False)
        except webhooks.UnsafeUrl as exc:
            raise WatchError(str(exc)) from exc
    with transaction.atomic():
        endpoint = _endpoint_for_update(owner)
        before = {"url": endpoint.url}
        endpoint.url = url
        secret = _new_secret(endpoint) if url and not endpoint.sealed_secret else None
        endpoint.save()
        audit_append(action="webhook.set_url", object_type="verification.webhookendpoint",
                     object_id=str(endpoint.pk), object_repr=owner.username, actor=actor,
                     before=before, after={"url": url, "secret_prefix": endpoint.secret_prefix})
    return endpoint, secret


def regenerate_webhook_secret(*, owner: User, actor: Actor) -> str:
    """A new signing secret, returned in clear this once; the old one stops
    working at once (pending retries are signed with the new one)."""
    _require_self(owner, actor)
    with transaction.atomic():
        endpoint = _endpoint_for_update(owner)
        before = {"secret_prefix": endpoint.secret_prefix}
        secret = _new_secret(endpoint)
        endpoint.save()
        audit_append(action="webhook.regenerate_secret",
                     object_type="verification.webhookendpoint", object_id=str(endpoint.pk),
                     object_repr=owner.username, actor=actor, before=before,
                     after={"secret_prefix": endpoint.secret_prefix})
    return secret


# --- queries --------------------------------------------------------------------------------


def watches_of(user: Any) -> QuerySet[Watch]:
    return (Watch.objects.filter(owner=user)
            .select_related("certificate__body", "certificate__holder", "certificate__scheme",
                            "enterprise").order_by("-created_at", "-pk"))


def watch_for(user: Any, pk: int) -> Watch:
    """The user's own watch, or 404: another's watch is indistinguishable
    from one that does not exist."""
    watch = watches_of(user).filter(pk=pk).first()
    if watch is None:
        raise Http404("no such watch")
    return watch


def existing_watch(user: Any, *, certificate: Certificate | None = None,
                   enterprise: Enterprise | None = None) -> Watch | None:
    if user is None or not user.is_authenticated:
        return None
    if certificate is not None:
        return Watch.objects.filter(owner=user, certificate=certificate).first()
    return Watch.objects.filter(owner=user, enterprise=enterprise).first()


def endpoint_of(user: Any) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(owner=user).first()


def deliveries_of(user: Any, *, limit: int = 50) -> QuerySet[Delivery]:
    return (Delivery.objects.filter(owner=user)
            .select_related("event__certificate", "watch")
            .order_by("-created_at", "-pk")[:limit])


def describe(watch: Watch) -> str:
    cert, enterprise = watch.certificate, watch.enterprise
    if cert is not None:
        return f"{cert.number} ({cert.body.approval_number})"
    assert enterprise is not None  # the check constraint: exactly one target
    return f"{enterprise.name} ({enterprise.uscc})"
