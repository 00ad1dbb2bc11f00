"""What the public side keeps: the keys that sign QR codes, the forgery
reports people file, and the tokens procurement systems call the API with;
for procurement users also their supplier-list results (briefly) and their
watchlists with the log of every notification sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """An Ed25519 key that signs certificate tokens. Exactly one is current;
    retired keys stay published so that QR codes already printed still verify."""

    kid = models.CharField(_("密钥标识 key id"), max_length=64, unique=True)
    # Raw 32-byte public key, base64url (the JWK `x` member).
    public_key = models.CharField(_("公钥 public key (x)"), max_length=64)
    # AES-GCM sealed private key (qualitycert.lib.signing.seal_private_key);
    # never served, never shown in the admin.
    sealed_private_key = models.TextField(editable=False)
    is_current = models.BooleanField(_("当前密钥 current"), default=True)
    created_at = models.DateTimeField(_("创建时间 created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间 retired"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("签名密钥 signing key")
        verbose_name_plural = _("签名密钥 signing keys")
        constraints = [
            # Two processes creating the first key at once: one wins, the other
            # hits this and reads the winner's key.
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="one_current_signing_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kid}{' (current)' if self.is_current else ''}"


class SignedLink(models.Model):
    """A certificate's verification-link signature, made ahead of time.

    Signing is the largest cost of answering a public lookup, and a link's
    claims (number, body, holder, scheme, expiry) change far less often than it
    is looked up. So `qualitycert sign-links` signs each certificate's link once,
    with `iat` the day it signed, and the lookup serves it while `digest` still
    matches the claims as they are now; otherwise the lookup signs afresh, as
    before. Nothing depends on a row being here or current: it is a cache,
    rebuilt by the command."""

    certificate = models.OneToOneField("registry.Certificate", on_delete=models.CASCADE,
                                       primary_key=True, related_name="signed_link")
    kid = models.CharField(_("密钥标识 key id"), max_length=64)
    issued_on = models.DateField(_("签发日期 signed on (iat)"))
    # signing.input_digest() of the token's first two segments.
    digest = models.CharField(max_length=32)
    signature = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("预签名链接 pre-signed link")
        verbose_name_plural = _("预签名链接 pre-signed links")

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kid} {self.issued_on}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("待处理 New")
    IN_REVIEW = "in_review", _("核查中 In review")
    CONFIRMED = "confirmed", _("确认伪造或冒用 Confirmed forgery or misuse")
    UNFOUNDED = "unfounded", _("经核查不属实 Unfounded")
    DUPLICATE = "duplicate", _("重复举报 Duplicate")


class InvalidReportTransition(ValueError):
    pass


# Which states each step may start from.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.IN_REVIEW: frozenset({ReportStatus.NEW}),
    ReportStatus.CONFIRMED: frozenset({ReportStatus.NEW, ReportStatus.IN_REVIEW}),
    ReportStatus.UNFOUNDED: frozenset({ReportStatus.NEW, ReportStatus.IN_REVIEW}),
    ReportStatus.DUPLICATE: frozenset({ReportStatus.NEW, ReportStatus.IN_REVIEW}),
}


class ForgeryReport(models.Model):
    """A member of the public's report of a certificate they suspect is forged
    (伪造、冒用、买卖认证证书, seed 二(四)2). Lands in the bureau's queue."""

    certificate_number = models.CharField(_("证书编号（如所见）certificate number as seen"),
                                          max_length=100, blank=True)
    number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    claimed_body = models.CharField(_("证书上的认证机构 body named on it"), max_length=200,
                                    blank=True)
    claimed_holder = models.CharField(_("使用证书的企业 company presenting it"), max_length=200,
                                      blank=True)
    where_seen = models.CharField(_("在何处看到 where it was seen"), max_length=300, blank=True)
    description = models.TextField(_("情况说明 what happened"), max_length=4000)
    contact = models.CharField(_("联系方式（选填）contact (optional)"), max_length=200,
                               blank=True)
    client_address = models.GenericIPAddressField(_("来源地址 client address"), null=True,
                                                  blank=True)
    status = models.CharField(_("处理状态 status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.NEW)
    resolution = models.TextField(_("处理意见 resolution"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("处理人 handled by"))
    handled_at = models.DateTimeField(_("处理时间 handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("举报时间 reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("伪造证书举报 forgery report")
        verbose_name_plural = _("伪造证书举报 forgery reports")
        indexes = [models.Index(fields=["status", "created_at"], name="forgery_status_created")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.certificate_number or '—'} ({self.status})"

    def move_to(self, target: ReportStatus) -> None:
        allowed = REPORT_TRANSITIONS.get(target, frozenset())
        if self.status not in allowed:
            raise InvalidReportTransition(
                f"举报当前状态为“{ReportStatus(self.status).label}”，不能改为“{target.label}” "
                f"report is {self.status}; cannot move to {target.value}")
        self.status = target


class ApiToken(models.Model):
    """A bearer token for a procurement or bank system (role api_client).
    Only the SHA-256 digest is stored; the token is shown once, at creation."""

    name = models.CharField(_("名称 name"), max_length=120)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="api_tokens", verbose_name=_("所属用户 owner"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so staff can tell tokens apart without the secret.
    token_prefix = models.CharField(_("令牌前缀 prefix"), max_length=12, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(_("每分钟请求上限 requests per minute"),
                                                        default=600)
    created_at = models.DateTimeField(_("创建时间 created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用 last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间 revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌 API token")
        verbose_name_plural = _("接口令牌 API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- supplier-list checks (suppliers.py) -------------------------------------------------


class SupplierCheck(models.Model):
    """The result workbook of one supplier-list check, kept briefly so the
    uploader can download it. Reachable only through an unguessable token
    (stored here as its SHA-256 digest) and only until `expires_at`; the
    uploaded file itself is never kept."""

    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    file_name = models.CharField(_("文件名 file name"), max_length=200)
    row_count = models.PositiveIntegerField(_("行数 rows"))
    counts = models.JSONField(_("各结论数量 verdict counts"), default=dict)
    result_xlsx = models.BinaryField(editable=False)
    created_at = models.DateTimeField(_("核验时间 checked at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间 expires at"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("供应商名单核验结果 supplier-list result")
        verbose_name_plural = _("供应商名单核验结果 supplier-list results")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"


# --- watchlists (watchlists.py, notify.py, webhooks.py) ----------------------------------


class WatchTarget(models.TextChoices):
    CERTIFICATE = "certificate", _("证书 Certificate")
    ENTERPRISE = "enterprise", _("企业 Enterprise")


class Watch(models.Model):
    """One user watching one certificate, or every certificate of one enterprise."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="watches", verbose_name=_("关注人 owner"))
    certificate = models.ForeignKey("registry.Certificate", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("证书 certificate"))
    enterprise = models.ForeignKey("registry.Enterprise", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("企业 enterprise"))
    created_at = models.DateTimeField(_("关注时间 watching since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("关注 watch")
        verbose_name_plural = _("关注 watches")
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
                                 verbose_name=_("所属用户 owner"))
    url = models.CharField(_("回调地址 webhook URL"), max_length=500, blank=True)
    sealed_secret = models.TextField(blank=True, editable=False)
    # The first characters, so the owner can tell which secret is in force.
    secret_prefix = models.CharField(_("密钥前缀 secret prefix"), max_length=12, blank=True,
                                     editable=False)
    secret_created_at = models.DateTimeField(_("密钥生成时间 secret created"), null=True,
                                             blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("回调设置 webhook endpoint")
        verbose_name_plural = _("回调设置 webhook endpoints")

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.url or '—'}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送 Pending")
    DELIVERED = "delivered", _("已送达 Delivered")
    FAILED = "failed", _("发送失败 Failed")
    NO_WEBHOOK = "no_webhook", _("未设回调，仅邮件 No webhook (e-mail only)")


class InvalidDeliveryTransition(ValueError):
    pass


class Delivery(models.Model):
    """One notification of one certificate change to one watch: exactly one
    per (watch, event), so a change is announced once however often the
    signal or the catch-up sweep sees it. `body` is fixed at creation, so
    every retry sends the same bytes under the same delivery id."""

    delivery_id = models.UUIDField(_("投递标识 delivery id"), unique=True, editable=False)
    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name=_("关注 watch"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("关注人 owner"))
    event = models.ForeignKey("registry.CertificateEvent", on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("证书事件 event"))
    body = models.TextField(editable=False)
    status = models.CharField(_("状态 status"), max_length=12, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数 attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试 next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("最近尝试 last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近状态码 last status code"),
                                                        null=True, blank=True)
    last_error = models.CharField(_("最近错误 last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("送达时间 delivered at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间 e-mailed at"), null=True, blank=True)
    email_error = models.CharField(_("邮件错误 e-mail error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间 created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知投递 delivery")
        verbose_name_plural = _("通知投递 deliveries")
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
                f"投递当前状态为“{DeliveryStatus(self.status).label}”，不能再发送 "
                f"delivery is {self.status}; only {', '.join(allowed)} may change")

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
    number = models.PositiveSmallIntegerField(_("第几次 attempt"))
    at = models.DateTimeField(_("时间 at"))
    status_code = models.PositiveSmallIntegerField(_("状态码 status code"), null=True, blank=True)
    error = models.CharField(_("错误 error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）duration (ms)"), default=0)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("投递尝试 delivery attempt")
        verbose_name_plural = _("投递尝试 delivery attempts")
        constraints = [models.UniqueConstraint(fields=["delivery", "number"],
                                               name="attempt_number_once")]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {self.status_code or self.error[:40]}"
