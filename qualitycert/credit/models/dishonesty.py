"""The dishonesty list (失信名单) and credit repair (信用修复).

An entry is listed from `starts_on` and ends by itself on `ends_on` (the
duration the decision set), or earlier when a repair is approved. Active
entries are public; the history is kept."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycert.registry.models import Enterprise


class Criterion(models.TextChoices):
    FORGED_CERTIFICATE = "forged_certificate", _("伪造、冒用认证证书")
    MISUSED_CERTIFICATE = "misused_certificate", _("违规使用认证证书或标志")
    REFUSED_INSPECTION = "refused_inspection", _("拒绝、阻碍监督检查")
    SERIOUS_INCIDENT = "serious_incident", _("发生严重质量安全事故")
    FALSE_DECLARATION = "false_declaration", _("虚假自我声明")
    OTHER = "other", _("其他严重失信行为")


class Measure(models.TextChoices):
    NO_PROCUREMENT_PREFERENCE = "no_procurement_preference", _("取消政府采购优惠")
    HIGHER_INSPECTION_RATIO = "higher_inspection_ratio", _("提高抽查比例和频次")
    PUBLIC_LISTING = "public_listing", _("向社会公示")
    NO_HONOURS = "no_honours", _("不得参评质量奖等荣誉")


class EntrySource(models.TextChoices):
    BUREAU = "bureau", _("本局决定")
    IMPORTED = "imported", _("其他部门推送")


class DishonestyEntry(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="dishonesty_entries", verbose_name=_("企业"))
    criterion = models.CharField(_("认定情形"), max_length=32, choices=Criterion.choices)
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    decision_number = models.CharField(_("决定书文号"), max_length=120)
    authority = models.CharField(_("认定机关"), max_length=120)
    source = models.CharField(_("来源"), max_length=12, choices=EntrySource.choices,
                              default=EntrySource.BUREAU)
    starts_on = models.DateField(_("列入日期"))
    ends_on = models.DateField(_("届满日期"))
    measures = models.JSONField(_("惩戒措施"), default=list)
    facts = models.TextField(_("失信事实"), blank=True)
    repaired_on = models.DateField(_("修复日期"), null=True, blank=True)
    signer_name = models.CharField(_("签字人"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("失信名单记录")
        verbose_name_plural = _("失信名单")
        constraints = [models.UniqueConstraint(fields=["authority", "decision_number",
                                                       "enterprise"],
                                               name="credit_dishonesty_once")]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="credit_dishonesty_dates")]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.get_criterion_display()}"

    @property
    def listed_until(self) -> dt.date:
        """The day the listing ends (exclusive): a repair ends it early."""
        return min(self.ends_on, self.repaired_on) if self.repaired_on else self.ends_on

    def is_active(self, day: dt.date) -> bool:
        return self.starts_on <= day < self.listed_until

    def measure_labels(self) -> list[str]:
        labels = dict(Measure.choices)
        return [str(labels.get(m, m)) for m in self.measures]


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("准予修复")
    REJECTED = "rejected", _("不予修复")


class RepairRequest(models.Model):
    entry = models.ForeignKey(DishonestyEntry, on_delete=models.PROTECT,
                              related_name="repairs", verbose_name=_("失信记录"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="repair_requests", verbose_name=_("企业"))
    corrective_actions = models.TextField(_("整改情况"))
    evidence = models.TextField(_("证明材料"))
    status = models.CharField(_("状态"), max_length=12, choices=RepairStatus.choices,
                              default=RepairStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decider_name = models.CharField(_("决定人"), max_length=200, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")

    def __str__(self) -> str:
        return f"{self.entry.decision_number} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == RepairStatus.SUBMITTED
