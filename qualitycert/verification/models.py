"""What the public side keeps: the keys that sign QR codes, the links signed
with them, and the forgery reports people file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class KeyPurpose(models.TextChoices):
    # Separate keys, so that neither kind of signature can stand for the other.
    TOKEN = "token", _("证书令牌")
    CHECKPOINT = "checkpoint", _("透明日志检查点")


class SigningKey(models.Model):
    """An Ed25519 key that signs certificate tokens or the transparency log's
    checkpoints. One of each purpose is current; retired keys stay published
    so that QR codes already printed and old checkpoints still verify."""

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    # Raw 32-byte public key, base64url (the JWK `x` member).
    public_key = models.CharField(_("公钥"), max_length=64)
    # AES-GCM sealed private key (qualitycert.lib.signing.seal_private_key);
    # never served, never shown in the admin.
    sealed_private_key = models.TextField(editable=False)
    is_current = models.BooleanField(_("当前密钥"), default=True)
    purpose = models.CharField(_("用途"), max_length=16, choices=KeyPurpose.choices,
                               default=KeyPurpose.TOKEN)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("签名密钥")
        verbose_name_plural = _("签名密钥")
        constraints = [
            # Two processes creating the first key at once: one wins, the other
            # hits this and reads the winner's key.
            models.UniqueConstraint(fields=["purpose"], condition=Q(is_current=True),
                                    name="one_current_signing_key_per_purpose"),
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
    kid = models.CharField(_("密钥标识"), max_length=64)
    issued_on = models.DateField(_("签发日期"))
    # signing.input_digest() of the token's first two segments.
    digest = models.CharField(max_length=32)
    signature = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("预签名链接")
        verbose_name_plural = _("预签名链接")

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kid} {self.issued_on}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("待处理")
    IN_REVIEW = "in_review", _("核查中")
    CONFIRMED = "confirmed", _("确认伪造或冒用")
    UNFOUNDED = "unfounded", _("经核查不属实")
    DUPLICATE = "duplicate", _("重复举报")


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

    certificate_number = models.CharField(_("证书编号（如所见）"),
                                          max_length=100, blank=True)
    number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    claimed_body = models.CharField(_("证书上的认证机构"), max_length=200,
                                    blank=True)
    claimed_holder = models.CharField(_("使用证书的企业"), max_length=200,
                                      blank=True)
    where_seen = models.CharField(_("在何处看到"), max_length=300, blank=True)
    description = models.TextField(_("情况说明"), max_length=4000)
    contact = models.CharField(_("联系方式（选填）"), max_length=200,
                               blank=True)
    client_address = models.GenericIPAddressField(_("来源地址"), null=True,
                                                  blank=True)
    status = models.CharField(_("处理状态"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.NEW)
    resolution = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("处理人"))
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("举报时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("伪造证书举报")
        verbose_name_plural = _("伪造证书举报")
        indexes = [models.Index(fields=["status", "created_at"], name="forgery_status_created")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.certificate_number or '—'} ({self.status})"

    def move_to(self, target: ReportStatus) -> None:
        allowed = REPORT_TRANSITIONS.get(target, frozenset())
        if self.status not in allowed:
            raise InvalidReportTransition(
                gettext("举报当前状态为“%(current)s”，不能改为“%(target)s”") % {
                    "current": ReportStatus(self.status).label, "target": target.label})
        self.status = target
