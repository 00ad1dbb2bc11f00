"""A certificate change reaches a watcher's webhook: signed, exactly once, only
after commit; a failing receiver is retried with back-off and then marked
failed. The receiver is a real HTTP server on 127.0.0.1."""

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from qualitycert.registry import actions
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.watch import actions as watchlists
from qualitycert.watch import notify, webhooks
from qualitycert.watch.models import Delivery, DeliveryAttempt, DeliveryStatus

from .webhook_receiver import closed_port_url, running_receiver


def _expected_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _subscribe(user, url, certificate=None, enterprise=None):
    if certificate is not None:
        watchlists.watch_certificate(owner=user, certificate=certificate, actor=as_actor(user))
    if enterprise is not None:
        watchlists.watch_enterprise(owner=user, enterprise=enterprise, actor=as_actor(user))
    _endpoint, secret = watchlists.set_webhook_url(owner=user, url=url, actor=as_actor(user))
    return secret


@pytest.fixture
def buyer(django_user_model):
    return django_user_model.objects.create_user(
        username="buyer", password="x" * 12, role="api_client", email="buyer@example.com")


# The flush after a transactional test would take the scheme catalogue (a data
# migration) with it; serialized rollback puts it back.
@pytest.mark.django_db(transaction=True)
def test_change_reaches_webhook_once_signed_and_after_commit(settings, buyer, cert_a,
                                                             supervisor, mailoutbox):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = True
    with running_receiver() as receiver:
        secret = _subscribe(buyer, receiver.url, certificate=cert_a)
        with transaction.atomic():
            actions.suspend_certificate(cert_a, reason="未按期监督审核", actor=as_actor(supervisor),
                                        on=dt.date(2025, 6, 1), decision=any_decision())
            # Still inside the registry's transaction: nothing may leave yet.
            assert Delivery.objects.count() == 0
            assert receiver.requests == [] and mailoutbox == []
        # The prompt thread posts right after commit; the cron pass that
        # follows finds nothing left to send.
        notify.wait_for_prompt_deliveries()
        assert receiver.arrived.wait(10)
        call_command("deliver_webhooks", "--once", stdout=open("/dev/null", "w"))
        notify.wait_for_prompt_deliveries()

        assert len(receiver.requests) == 1
        request = receiver.requests[0]
        assert request.headers["X-Qualitycert-Signature"] == _expected_signature(
            secret, request.body)
        payload = json.loads(request.body)
        delivery = Delivery.objects.get()
        assert request.headers["X-Qualitycert-Delivery"] == str(delivery.delivery_id)
        assert payload["delivery_id"] == str(delivery.delivery_id)
        assert payload["change"] == {"kind": "suspend", "from_status": "valid",
                                     "to_status": "suspended", "occurred_on": "2025-06-01",
                                     "reason": "未按期监督审核", "reason_code": None}
        assert payload["certificate"]["number"] == cert_a.number
        assert int(request.headers["X-Qualitycert-Timestamp"]) > 0
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
        assert len(mailoutbox) == 1 and cert_a.number in mailoutbox[0].subject

        # The next change is a new delivery, again exactly one POST.
        actions.restore_certificate(cert_a, reason="整改完成", actor=as_actor(supervisor),
                                    on=dt.date(2025, 7, 1))
        notify.wait_for_prompt_deliveries()
        call_command("deliver_webhooks", "--once", stdout=open("/dev/null", "w"))
        assert [json.loads(r.body)["change"]["kind"] for r in receiver.requests] == [
            "suspend", "restore"]
        assert len({r.headers["X-Qualitycert-Delivery"] for r in receiver.requests}) == 2


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing(settings, buyer, cert_a, supervisor, mailoutbox):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = True
    with running_receiver() as receiver:
        _subscribe(buyer, receiver.url, certificate=cert_a)
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.withdraw_certificate(cert_a, reason="严重不符合", actor=as_actor(supervisor), decision=any_decision())
            raise RuntimeError("the clerk's request failed after the change")
        notify.wait_for_prompt_deliveries()
        call_command("deliver_webhooks", "--once", stdout=open("/dev/null", "w"))
        assert receiver.requests == []
    assert Delivery.objects.count() == 0 and mailoutbox == []
    cert_a.refresh_from_db()
    assert cert_a.status == "valid"


@pytest.mark.django_db
def test_enterprise_watch_and_email(settings, buyer, cert_a, supervisor, holder, mailoutbox,
                                    django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    buyer_secret = _subscribe(buyer, "http://127.0.0.1:9/unused", certificate=cert_a,
                              enterprise=holder)
    assert buyer_secret
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_certificate(cert_a, reason="未按期监督审核", actor=as_actor(supervisor), decision=any_decision())
    # Two watches cover the change (the certificate and its holder): one
    # delivery each, but one e-mail to the watcher.
    assert Delivery.objects.filter(owner=buyer).count() == 2
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["buyer@example.com"]
    assert cert_a.number in message.body and "未按期监督审核" in message.body
    assert all(d.emailed_at is not None for d in Delivery.objects.all())


@pytest.mark.django_db
def test_the_signal_seen_twice_still_makes_one_delivery(settings, buyer, cert_a, supervisor,
                                                        django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    _subscribe(buyer, "http://127.0.0.1:9/unused", certificate=cert_a)
    with django_capture_on_commit_callbacks(execute=True):
        changed = actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    event = changed.events.order_by("-pk").first()
    notify.on_certificate_status_changed(sender=None, certificate=changed, event=event)
    assert notify.backfill_deliveries() == []
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [500, "refused"])
def test_failing_receiver_is_retried_with_backoff_then_failed(settings, buyer, cert_a,
                                                              supervisor, answer,
                                                              django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    settings.QC_WEBHOOK_MAX_ATTEMPTS = 4
    settings.QC_WEBHOOK_BACKOFF_SECONDS = 60
    with running_receiver(status=500) as receiver:
        url = receiver.url if answer == 500 else closed_port_url()
        _subscribe(buyer, url, certificate=cert_a)
        with django_capture_on_commit_callbacks(execute=True):
            actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
        delivery = Delivery.objects.get()
        t0 = timezone.now()

        schedule = []
        now = t0
        for expected_attempts in (1, 2, 3):
            run = webhooks.deliver_due(now=now)
            assert run.retrying == 1
            delivery.refresh_from_db()
            assert delivery.attempts == expected_attempts
            assert delivery.status == DeliveryStatus.PENDING
            schedule.append(delivery.next_attempt_at - now)
            # Not due a second before the back-off has run out.
            assert webhooks.deliver_due(now=delivery.next_attempt_at
                                        - dt.timedelta(seconds=1)).ids == []
            now = delivery.next_attempt_at
        assert schedule == [dt.timedelta(seconds=60), dt.timedelta(seconds=120),
                            dt.timedelta(seconds=240)]

        run = webhooks.deliver_due(now=now)
        assert run.failed == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
        assert delivery.attempts == 4
        # Failed is final: later passes leave it alone.
        assert webhooks.deliver_due(now=now + dt.timedelta(days=1)).ids == []

        log = list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("number"))
        assert [a.number for a in log] == [1, 2, 3, 4]
        if answer == 500:
            assert len(receiver.requests) == 4
            assert [a.status_code for a in log] == [500] * 4
            assert delivery.last_status_code == 500
            # Every retry is the same delivery with the same signed bytes.
            assert len({r.body for r in receiver.requests}) == 1
            assert [r.headers["X-Qualitycert-Attempt"] for r in receiver.requests] == [
                "1", "2", "3", "4"]
        else:
            assert receiver.requests == []
            assert all(a.status_code is None and a.error for a in log)
            assert "refused" in delivery.last_error.lower() or "errno" in delivery.last_error.lower()


@pytest.mark.django_db
def test_recovering_receiver_gets_it_on_the_retry(settings, buyer, cert_a, supervisor,
                                                  django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    with running_receiver(status=503) as receiver:
        _subscribe(buyer, receiver.url, certificate=cert_a)
        with django_capture_on_commit_callbacks(execute=True):
            actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
        now = timezone.now()
        webhooks.deliver_due(now=now)
        receiver.status = 204
        run = webhooks.deliver_due(now=now + dt.timedelta(minutes=1))
        assert run.delivered == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert delivery.last_status_code == 204 and delivery.delivered_at is not None


@pytest.mark.django_db
def test_redirects_are_not_followed(settings, buyer, cert_a, supervisor,
                                    django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    with running_receiver(status=302) as receiver:
        _subscribe(buyer, receiver.url, certificate=cert_a)
        with django_capture_on_commit_callbacks(execute=True):
            actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
        webhooks.deliver_due(now=timezone.now())
        assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302


@pytest.mark.django_db
def test_watcher_without_webhook_gets_email_only(settings, buyer, cert_a, supervisor, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    watchlists.watch_certificate(owner=buyer, certificate=cert_a, actor=as_actor(buyer))
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_certificate(cert_a, reason="企业申请注销", actor=as_actor(supervisor))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.NO_WEBHOOK
    assert webhooks.deliver_due(now=timezone.now()).ids == []
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_private_address_refused_at_send_time_in_production(settings, buyer, cert_a, supervisor,
                                                            django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    with running_receiver() as receiver:
        _subscribe(buyer, receiver.url, certificate=cert_a)
        settings.QC_WEBHOOK_ALLOW_PRIVATE = False
        with django_capture_on_commit_callbacks(execute=True):
            actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
        webhooks.deliver_due(now=timezone.now())
        assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and "内网或本机" in delivery.last_error


@pytest.mark.django_db
def test_an_unreadable_secret_is_logged_and_the_pass_goes_on(settings, buyer, cert_a, cert_b,
                                                             supervisor, django_user_model,
                                                             django_capture_on_commit_callbacks):
    from qualitycert.watch.models import WebhookEndpoint

    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    other = django_user_model.objects.create_user(username="bank", password="x" * 12,
                                                  role="api_client")
    with running_receiver() as receiver:
        _subscribe(buyer, receiver.url, certificate=cert_a)
        _subscribe(other, receiver.url, certificate=cert_b)
        # As after QC_SECRET_KEY changed without SECRET_KEY_FALLBACKS.
        endpoint = WebhookEndpoint.objects.get(owner=buyer)
        endpoint.sealed_secret = webhooks.seal_secret("x", owner_id=other.pk)
        endpoint.save()
        with django_capture_on_commit_callbacks(execute=True):
            actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
            actions.suspend_certificate(cert_b, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
        run = webhooks.deliver_due(now=timezone.now())
        assert run.delivered == 1 and run.retrying == 1
        assert len(receiver.requests) == 1
    broken = Delivery.objects.get(owner=buyer)
    assert "无法解密" in broken.last_error and broken.status == DeliveryStatus.PENDING
