"""`qualitycert deliver-webhooks`: the catch-up sweep and one delivery pass."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from qualitycert.registry import actions
from qualitycert.registry.models import CertificateEvent
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.watch import actions as watchlists
from qualitycert.watch.models import Delivery, DeliveryStatus

from .webhook_receiver import running_receiver

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("deliver_webhooks", *args, stdout=out)
    return out.getvalue()


def test_a_lost_signal_is_caught_up_and_delivered(settings, inspector, cert_a, supervisor,
                                                  mailoutbox, django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    inspector.email = "inspector@example.com"
    inspector.save()
    with running_receiver() as receiver:
        watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
        watchlists.set_webhook_url(owner=inspector, url=receiver.url, actor=as_actor(inspector))
        # As if the process died after the registry committed: the on-commit
        # signal never runs.
        with django_capture_on_commit_callbacks(execute=False):
            actions.withdraw_certificate(cert_a, reason="严重不符合", actor=as_actor(supervisor), decision=any_decision())
        assert not Delivery.objects.exists()

        output = _run("--once")
        assert "backfilled 1" in output and "delivered 1" in output
        assert len(receiver.requests) == 1
        assert json.loads(receiver.requests[0].body)["change"]["kind"] == "withdraw"
        assert len(mailoutbox) == 1

        # The next pass finds nothing new: exactly once.
        assert "backfilled 0" in _run("--once")
        assert len(receiver.requests) == 1 and len(mailoutbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_watch_begun_after_the_change_is_not_told_of_it(settings, inspector, cert_a, supervisor,
                                                         django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    with django_capture_on_commit_callbacks(execute=False):
        actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    assert "backfilled 0" in _run("--once")
    assert not Delivery.objects.exists()


def test_changes_older_than_the_lookback_are_left(settings, inspector, cert_a, supervisor,
                                                  django_capture_on_commit_callbacks):
    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    settings.QC_WEBHOOK_BACKFILL_HOURS = 1
    watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    with django_capture_on_commit_callbacks(execute=False):
        actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    CertificateEvent.objects.filter(kind="suspend").update(
        recorded_at=timezone.now() - dt.timedelta(hours=2))
    assert "backfilled 0" in _run("--once")


def test_bad_arguments_exit_2():
    with pytest.raises(CommandError) as caught:
        call_command("deliver_webhooks", "--once", "--limit", "0")
    assert caught.value.returncode == 2
