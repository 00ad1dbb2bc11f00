"""Certification as credit (认证增信): an enterprise's consent to let banks
and insurers know that its grade is at or above a threshold, and the API
tokens of the banks and insurers allowed to ask (the `credit:financing`
scope, kept here rather than on the token, so the api app stays unaware of
credit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycert.api.models import ApiToken
from qualitycert.registry.models import Enterprise


class InstitutionKind(models.TextChoices):
    BANK = "bank", _("银行（认证贷）")
    INSURER = "insurer", _("保险机构（质量认证责任保险）")


class FinancingAccess(models.Model):
    token = models.OneToOneField(ApiToken, on_delete=models.PROTECT,
                                 related_name="financing_access", verbose_name=_("接口令牌"))
    institution = models.CharField(_("金融机构"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=InstitutionKind.choices)
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    signer_name = models.CharField(_("签字人"), max_length=200)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("增信查询授权")
        verbose_name_plural = _("增信查询授权")

    def __str__(self) -> str:
        return self.institution


class ShareThreshold(models.TextChoices):
    A = "A", _("A 级")
    B = "B", _("B 级及以上")
    C = "C", _("C 级及以上")


class SharingConsent(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="credit_consents", verbose_name=_("企业"))
    min_grade = models.CharField(_("同意告知的等级"), max_length=1, choices=ShareThreshold.choices)
    granted_at = models.DateTimeField(_("同意时间"), auto_now_add=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("增信信息共享授权")
        verbose_name_plural = _("增信信息共享授权")
        constraints = [models.UniqueConstraint(
            fields=["enterprise"], condition=models.Q(revoked_at__isnull=True),
            name="credit_one_active_consent")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} ≥ {self.min_grade}"
