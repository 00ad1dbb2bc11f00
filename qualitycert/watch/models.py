"""Watchlists: who watches which certificate or enterprise, their webhook
receiver, and the log of every notification sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WatchTarget(models.TextChoices):
    CERTIFICATE = "certificate", _("证书")
    ENTERPRISE = "enterprise", _("企业")


class Watch(models.Model):
    """One user watching one certificate, or every certificate of one enterprise."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="watches", verbose_name=_("关注人"))
    certificate = models.ForeignKey("registry.Certificate", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("证书"))
    enterprise = models.ForeignKey("registry.Enterprise", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("企业"))
    created_at = models.DateTimeField(_("关注时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("关注")
        verbose_name_plural = _("关注")
        constraints = [
            models.CheckConstraint(
                condition=(Q(certificate__isnull=False, enterprise__isnull=True)
                           | Q(certificate__isnull=True, enterprise__isnull=False)),
                name="watch_exactly_one_target"),
            models.UniqueConstraint(fields=["owner", "certificate"],
                                    condition=Q(certificate__isnull=False),
                                    name="watch_once_per_certificate"),
            models.UniqueConstraint(fields=["owner", "enterprise"],
                                    condition=Q(enterprise__isnull=False),
                                    name="watch_once_per_enterprise"),
        ]

    def __str__(self) -> str:
        if self.certificate_id:
            return f"{self.owner_id} → certificate {self.certificate_id}"
        return f"{self.owner_id} → enterprise {self.enterprise_id}"

    @property
    def target(self) -> WatchTarget:
        return WatchTarget.CERTIFICATE if self.certificate_id else WatchTarget.ENTERPRISE


class WebhookEndpoint(models.Model):
    """Where a user's notifications are POSTed, and the secret they are signed
    with. The secret must be readable to sign with, so it is sealed (AES-GCM
    under SECRET_KEY) rather than hashed; it is shown to the owner only once."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="webhook_endpoint",
                                 verbose_name=_("所属用户"))
    url = models.CharField(_("回调地址"), max_length=500, blank=True)
    sealed_secret = models.TextField(blank=True, editable=False)
    # The first characters, so the owner can tell which secret is in force.
    secret_prefix = models.CharField(_("密钥前缀"), max_length=12, blank=True,
                                     editable=False)
    secret_created_at = models.DateTimeField(_("密钥生成时间"), null=True,
                                             blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("回调设置")
        verbose_name_plural = _("回调设置")

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.url or '—'}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("发送失败")
    NO_WEBHOOK = "no_webhook", _("未设回调，仅邮件")


class InvalidDeliveryTransition(ValueError):
    pass


class Delivery(models.Model):
    """One notification of one certificate change to one watch: exactly one
    per (watch, event), so a change is announced once however often the
    signal or the catch-up sweep sees it. `body` is fixed at creation, so
    every retry sends the same bytes under the same delivery id."""

    delivery_id = models.UUIDField(_("投递标识"), unique=True, editable=False)
    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name=_("关注"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("关注人"))
    event = models.ForeignKey("registry.CertificateEvent", on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("证书事件"))
    body = models.TextField(editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近状态码"),
                                                        null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_error = models.CharField(_("邮件错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知投递")
        verbose_name_plural = _("通知投递")
        constraints = [
            models.UniqueConstraint(fields=["watch", "event"], name="delivery_once_per_change"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["owner", "created_at"], name="delivery_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} ({self.status})"

    def _require(self, *allowed: str) -> None:
        if self.status not in allowed:
            raise InvalidDeliveryTransition(
                f"投递当前状态为“{DeliveryStatus(self.status).label}”，不能再发送")

    def record_success(self, *, at: dt.datetime, status_code: int) -> None:
        self._require(DeliveryStatus.PENDING)
        self.attempts += 1
        self.status = DeliveryStatus.DELIVERED
        self.last_attempt_at = self.delivered_at = at
        self.last_status_code = status_code
        self.last_error = ""
        self.next_attempt_at = None

    def record_failure(self, *, at: dt.datetime, status_code: int | None, error: str,
                       max_attempts: int, retry_in: dt.timedelta) -> None:
        """Another attempt later, or FAILED once `max_attempts` are spent."""
        self._require(DeliveryStatus.PENDING)
        self.attempts += 1
        self.last_attempt_at = at
        self.last_status_code = status_code
        self.last_error = error[:300]
        if self.attempts >= max_attempts:
            self.status = DeliveryStatus.FAILED
            self.next_attempt_at = None
        else:
            self.next_attempt_at = at + retry_in

    def skip_without_webhook(self) -> None:
        self._require(DeliveryStatus.PENDING)
        self.status = DeliveryStatus.NO_WEBHOOK
        self.next_attempt_at = None


class DeliveryAttempt(models.Model):
    """Each POST of a delivery, for the owner's log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("第几次"))
    at = models.DateTimeField(_("时间"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")
        constraints = [models.UniqueConstraint(fields=["delivery", "number"],
                                               name="attempt_number_once")]

    def __str__(self) -> str:
        # The caption of a row under its delivery: which try, when (Tianjin time), outcome.
        at = f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}" if self.at else ""
        return f"#{self.number} {at} {self.status_code or self.error[:40]}"
