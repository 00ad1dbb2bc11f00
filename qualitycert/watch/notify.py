"""Turning a committed certificate change into notifications for its watchers.

The registry sends `certificate_status_changed` from `transaction.on_commit`,
so by the time `on_certificate_status_changed` runs the change is durable and
a rolled-back change never gets here. For every watch of the certificate, or
of its holder, it creates one Delivery — the (watch, event) unique constraint
makes that exactly once, however often this runs for the same event — then,
once those rows have committed, e-mails each watcher once per change and
starts a background thread that POSTs the webhooks (webhooks.py).

Why a thread and not inline: the signal fires in the request of the clerk who
made the change; a watcher's slow or dead receiver must not hold that request
for the webhook timeout. The thread is best-effort (QC_WEBHOOK_PROMPT_DELIVERY,
default true, switches it off): whatever it does not deliver,
`qualitycert deliver-webhooks` does within a minute. E-mail goes out inline
through Django's mail backend (bounded by EMAIL_TIMEOUT); a failure is logged
on the delivery, never raised into the registry's caller.

A process that dies between the registry's commit and this receiver would
lose the signal; `backfill_deliveries`, run by every deliver-webhooks pass,
looks back QC_WEBHOOK_BACKFILL_HOURS (24) for changes whose watchers have no
delivery yet and creates them, again exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.registry.models import Certificate, CertificateEvent, EventKind
from qualitycert.verification.wording import wording

from . import webhooks
from .models import Delivery, DeliveryStatus, Watch

logger = logging.getLogger(__name__)

# Kinds announced even when the status stays the same (as registry/actions.py does).
ALWAYS_ANNOUNCED = (EventKind.ISSUE, EventKind.RENEW)


def watches_for(certificate: Certificate, *, before: dt.datetime | None = None
                ) -> QuerySet[Watch]:
    qs = Watch.objects.filter(Q(certificate_id=certificate.pk)
                              | Q(enterprise_id=certificate.holder_id),
                              owner__is_active=True)
    if before is not None:
        # A watch begun after the change is not told about it by the sweep.
        qs = qs.filter(created_at__lte=before)
    return qs.select_related("owner", "owner__webhook_endpoint").order_by("pk")


def create_deliveries(event: CertificateEvent, certificate: Certificate, *,
                      watches: Iterable[Watch] | None = None) -> list[int]:
    """One Delivery per watch of this change that has none yet; returns the
    ids of those created here (and only here)."""
    created = []
    for watch in (watches if watches is not None else watches_for(certificate)):
        endpoint = getattr(watch.owner, "webhook_endpoint", None)
        has_webhook = bool(endpoint is not None and endpoint.url and endpoint.sealed_secret)
        delivery_id = uuid.uuid4()
        try:
            # A savepoint per insert: a duplicate (the sweep and the signal
            # racing) is skipped without undoing the others.
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    delivery_id=delivery_id, watch=watch, owner=watch.owner, event=event,
                    body=webhooks.build_body(delivery_id=str(delivery_id), watch=watch,
                                             event=event, certificate=certificate),
                    status=DeliveryStatus.PENDING if has_webhook else DeliveryStatus.NO_WEBHOOK,
                    next_attempt_at=timezone.now() if has_webhook else None)
        except IntegrityError:
            continue
        created.append(delivery.pk)
    return created


def on_certificate_status_changed(sender: Any, certificate: Certificate,
                                  event: CertificateEvent, **kwargs: Any) -> None:
    try:
        # Most changes have no watcher: find that out without taking a write lock.
        watches = list(watches_for(certificate))
        if not watches:
            return
        with transaction.atomic():
            created = create_deliveries(event, certificate, watches=watches)
    except Exception:
        # The change has committed; the sweep in deliver-webhooks will retry.
        logger.exception("could not record notifications for certificate event %s", event.pk)
        return
    if created:
        transaction.on_commit(lambda: announce(created, prompt=True))


def announce(delivery_ids: list[int], *, prompt: bool) -> None:
    """E-mail the watchers of newly created deliveries, then (if `prompt`)
    start the background webhook attempt."""
    try:
        send_emails(delivery_ids)
    except Exception:
        logger.exception("watchlist e-mail failed for deliveries %s", delivery_ids)
    if prompt:
        start_prompt_delivery(delivery_ids)


# --- e-mail -------------------------------------------------------------------------------


def _email_text(delivery: Delivery) -> tuple[str, str]:
    event, cert = delivery.event, delivery.event.certificate
    to_words = wording(event.to_status).badge if event.to_status else ""
    from_words = wording(event.from_status).badge if event.from_status else "—"
    subject = _("[质量认证] 证书 %(number)s %(kind)s：%(before)s → %(after)s") % {
        "number": cert.number, "kind": event.get_kind_display(), "before": from_words,
        "after": to_words}
    link = settings.PUBLIC_BASE_URL + reverse(
        "verification:certificate", args=[cert.body.approval_number, cert.number])
    body = "\n".join([
        _("您关注的认证证书状态发生变化。"),
        "",
        _("证书编号：") + f"{cert.number}",
        _("获证组织：") + f"{cert.holder.name} ({cert.holder.uscc})",
        _("认证机构：") + f"{cert.body.name} ({cert.body.approval_number})",
        _("认证项目：") + f"{cert.scheme.name} ({cert.scheme.code})",
        _("变更：") + f"{event.get_kind_display()} ({from_words} → {to_words})",
        _("日期：") + f"{event.occurred_on.isoformat()}",
        _("理由：") + f"{event.reason_display() or '—'}",
        "",
        _("实时状态：") + f"{link}",
        _("管理关注：") + f"{settings.PUBLIC_BASE_URL}{reverse('watch:watchlist')}",
    ])
    return subject, body


def send_emails(delivery_ids: list[int]) -> int:
    """One message per watcher per change, even when two of their watches
    (the certificate and its holder) both cover it."""
    deliveries = (Delivery.objects.filter(pk__in=delivery_ids, emailed_at__isnull=True)
                  .select_related("owner", "event__certificate__body",
                                  "event__certificate__holder", "event__certificate__scheme")
                  .order_by("pk"))
    grouped: dict[tuple[int, int], list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        grouped[(delivery.owner_id, delivery.event_id)].append(delivery)
    sent = 0
    for group in grouped.values():
        first = group[0]
        ids = [d.pk for d in group]
        if not first.owner.email:
            Delivery.objects.filter(pk__in=ids).update(
                email_error="账户未设置邮箱")
            continue
        subject, body = _email_text(first)
        try:
            send_mail(subject, body, None, [first.owner.email], fail_silently=False)
        except Exception as exc:
            Delivery.objects.filter(pk__in=ids).update(
                email_error=f"{type(exc).__name__}: {exc}"[:300])
            logger.warning("watchlist e-mail to user %s failed: %s", first.owner_id, exc)
            continue
        Delivery.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), email_error="")
        sent += 1
    return sent


# --- the prompt attempt -------------------------------------------------------------------

# One background sender per process at most: a nightly expiry run that
# touches many watched certificates queues their deliveries here instead of
# starting a thread per change.
_lock = threading.Lock()
_queued: set[int] = set()
_sender: threading.Thread | None = None


def start_prompt_delivery(delivery_ids: list[int]) -> threading.Thread | None:
    global _sender
    if not settings.QC_WEBHOOK_PROMPT_DELIVERY:
        return None
    pending = list(Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.PENDING)
                   .values_list("pk", flat=True))
    if not pending:
        return None
    with _lock:
        _queued.update(pending)
        if _sender is None or not _sender.is_alive():
            _sender = threading.Thread(target=_send_queued, name="qc-webhooks", daemon=True)
            _sender.start()
        return _sender


def _send_queued() -> None:
    global _sender
    try:
        while True:
            with _lock:
                batch = sorted(_queued)
                _queued.clear()
                if not batch:
                    _sender = None
                    return
            try:
                webhooks.deliver_due(ids=batch)
            except Exception:
                logger.exception("prompt webhook delivery failed; deliver-webhooks will retry")
    finally:
        # Connections are per thread; this one's would otherwise stay open.
        connections.close_all()


def wait_for_prompt_deliveries(timeout: float = 30.0) -> None:
    """Join the background sender (tests, and a graceful shutdown)."""
    with _lock:
        sender = _sender
    if sender is not None:
        sender.join(timeout)


# --- the catch-up sweep ---------------------------------------------------------------------


def backfill_hours() -> int:
    return int(settings.QC_WEBHOOK_BACKFILL_HOURS)


def backfill_deliveries(*, now: dt.datetime | None = None) -> list[int]:
    """Deliveries for recent changes that the signal did not record (the
    process died in between); returns the ids created. E-mails them too."""
    now = now or timezone.now()
    since = now - dt.timedelta(hours=backfill_hours())
    watched_certs = Watch.objects.filter(certificate__isnull=False).values("certificate_id")
    watched_holders = Watch.objects.filter(enterprise__isnull=False).values("enterprise_id")
    events = (CertificateEvent.objects
              .filter(recorded_at__gte=since, recorded_at__lte=now)
              .filter(Q(kind__in=ALWAYS_ANNOUNCED) | ~Q(from_status=F("to_status")))
              .filter(Q(certificate_id__in=watched_certs)
                      | Q(certificate__holder_id__in=watched_holders))
              .select_related("certificate__body", "certificate__holder", "certificate__scheme")
              .order_by("recorded_at", "pk"))
    created: list[int] = []
    for event in events.iterator(chunk_size=500):
        have = set(Delivery.objects.filter(event=event).values_list("watch_id", flat=True))
        missing = [w for w in watches_for(event.certificate, before=event.recorded_at)
                   if w.pk not in have]
        if missing:
            with transaction.atomic():
                created += create_deliveries(event, event.certificate, watches=missing)
    if created:
        announce(created, prompt=False)
    return created
