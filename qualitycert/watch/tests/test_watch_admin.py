"""The back office sees watches, deliveries and webhook settings read-only,
never the webhook secret."""

import pytest

from qualitycert.registry import actions
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.watch import actions as watchlists
from qualitycert.watch.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(settings, inspector, cert_a, supervisor, django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    watchlists.set_webhook_url(owner=inspector, url="https://buyer.example/h", actor=as_actor(inspector))
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    return Delivery.objects.get()


def test_supervisor_reads_the_log(client_for, supervisor, delivery):
    client = client_for(supervisor)
    for url in ("/admin/watch/watch/", "/admin/watch/delivery/",
                "/admin/watch/webhookendpoint/",
                f"/admin/watch/delivery/{delivery.pk}/change/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/watch/watch/add/").status_code == 403
    assert client.post(f"/admin/watch/delivery/{delivery.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_the_secret_never_appears(client_for, supervisor, delivery):
    endpoint = WebhookEndpoint.objects.get()
    page = client_for(supervisor).get(
        f"/admin/watch/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret_prefix in page and endpoint.sealed_secret not in page


def test_cb_operator_sees_none_of_it(client_for, cb_alice, delivery):
    client = client_for(cb_alice)
    for url in ("/admin/watch/watch/", "/admin/watch/delivery/",
                f"/admin/watch/delivery/{delivery.pk}/change/"):
        assert client.get(url).status_code in {302, 403, 404}, url
