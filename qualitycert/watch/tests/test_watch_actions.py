"""watchlists.py: the watch and webhook actions, their audit entries and rules."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor
from qualitycert.watch import actions as watchlists
from qualitycert.watch import webhooks
from qualitycert.watch.models import Watch, WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_watch_certificate_is_audited_and_idempotent(inspector, cert_a):
    watch, created = watchlists.watch_certificate(owner=inspector, certificate=cert_a,
                                                  actor=as_actor(inspector))
    again, created_again = watchlists.watch_certificate(owner=inspector, certificate=cert_a,
                                                        actor=as_actor(inspector))
    assert created and not created_again and again == watch
    entry = AuditEntry.objects.get(action="watch.add")
    assert entry.object_id == str(watch.pk) and entry.actor == inspector
    assert cert_a.number in entry.object_repr


def test_watch_enterprise_and_unwatch(inspector, holder):
    watch, _ = watchlists.watch_enterprise(owner=inspector, enterprise=holder, actor=as_actor(inspector))
    assert watch.target == "enterprise"
    pk = watch.pk
    watchlists.unwatch(watch, actor=as_actor(inspector))
    assert not Watch.objects.exists()
    entry = AuditEntry.objects.get(action="watch.remove", object_id=str(pk))
    assert holder.uscc in entry.object_repr


def test_nobody_manages_anothers_watches(inspector, supervisor, cert_a):
    with pytest.raises(PermissionDenied):
        watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(supervisor))
    watch, _ = watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    with pytest.raises(PermissionDenied):
        watchlists.unwatch(watch, actor=as_actor(supervisor))
    with pytest.raises(PermissionDenied):
        watchlists.set_webhook_url(owner=inspector, url="https://example.com/h", actor=as_actor(supervisor))
    with pytest.raises(Http404):
        watchlists.watch_for(supervisor, watch.pk)
    assert watchlists.watch_for(inspector, watch.pk) == watch


def test_watch_limit(inspector, cert_a, cert_b, settings):
    settings.QC_WATCHES_PER_USER = 1
    watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    with pytest.raises(watchlists.WatchError, match="已达上限"):
        watchlists.watch_certificate(owner=inspector, certificate=cert_b, actor=as_actor(inspector))


def test_a_watch_has_exactly_one_target(inspector, cert_a, holder):
    with pytest.raises(IntegrityError), transaction.atomic():
        Watch.objects.create(owner=inspector, certificate=cert_a, enterprise=holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        Watch.objects.create(owner=inspector)


def test_first_url_makes_a_secret_shown_once(inspector):
    endpoint, secret = watchlists.set_webhook_url(owner=inspector, url=" https://example.com/h ",
                                                  actor=as_actor(inspector))
    assert endpoint.url == "https://example.com/h"
    assert secret and secret.startswith("whsec_") and endpoint.secret_prefix == secret[:12]
    assert secret not in endpoint.sealed_secret
    assert webhooks.unseal_secret(endpoint.sealed_secret, owner_id=inspector.pk) == secret
    _endpoint, again = watchlists.set_webhook_url(owner=inspector, url="https://example.com/2",
                                                  actor=as_actor(inspector))
    assert again is None  # the secret stays; it is not shown again
    entries = AuditEntry.objects.filter(action="webhook.set_url")
    assert entries.count() == 2
    assert all(secret not in str(e.after) for e in entries)


def test_regenerate_replaces_the_secret(inspector):
    _endpoint, first = watchlists.set_webhook_url(owner=inspector, url="https://example.com/h",
                                                  actor=as_actor(inspector))
    second = watchlists.regenerate_webhook_secret(owner=inspector, actor=as_actor(inspector))
    endpoint = WebhookEndpoint.objects.get(owner=inspector)
    assert second != first
    assert webhooks.unseal_secret(endpoint.sealed_secret, owner_id=inspector.pk) == second
    entry = AuditEntry.objects.get(action="webhook.regenerate_secret")
    assert second not in str(entry.after) and first not in str(entry.before)


def test_sealed_secret_is_bound_to_its_owner(inspector, supervisor):
    endpoint, _secret = watchlists.set_webhook_url(owner=inspector, url="https://example.com/h",
                                                   actor=as_actor(inspector))
    with pytest.raises(ValueError):
        webhooks.unseal_secret(endpoint.sealed_secret, owner_id=supervisor.pk)


def test_unsafe_url_is_refused(inspector, settings):
    with pytest.raises(watchlists.WatchError, match="http"):
        watchlists.set_webhook_url(owner=inspector, url="ftp://example.com/", actor=as_actor(inspector))
    settings.QC_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(watchlists.WatchError, match="内网或本机"):
        watchlists.set_webhook_url(owner=inspector, url="http://10.0.0.5/h", actor=as_actor(inspector))
    assert not WebhookEndpoint.objects.filter(owner=inspector).exclude(url="").exists()


def test_clearing_the_url(inspector):
    watchlists.set_webhook_url(owner=inspector, url="https://example.com/h", actor=as_actor(inspector))
    endpoint, secret = watchlists.set_webhook_url(owner=inspector, url="", actor=as_actor(inspector))
    assert endpoint.url == "" and secret is None
