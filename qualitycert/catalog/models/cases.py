"""The market check (严禁未获强制性认证的产品进入市场): a product met in an
inspection or a sample, in a category that needed a CCC certificate or a
self-declaration on that day, from an enterprise that held neither, becomes
a case on the bureau's list. One case per source (sample or inspection
result), so running the check again never doubles a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSource(models.TextChoices):
    SAMPLE = "sample", _("监督抽查")
    INSPECTION = "inspection", _("双随机检查")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    CLOSED = "closed", _("已办结")


class CaseOutcome(models.TextChoices):
    PENALISED = "penalised", _("已立案处罚")
    COVERED = "covered", _("核实已有证书或声明")
    DISMISSED = "dismissed", _("不予立案")


class MarketCheckCase(models.Model):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="market_cases", verbose_name=_("企业"))
    category = models.ForeignKey("catalog.ProductCategory", on_delete=models.PROTECT,
                                 related_name="market_cases", verbose_name=_("产品种类"))
    product = models.CharField(_("产品"), max_length=200)
    found_on = models.DateField(_("发现日期"))
    route = models.CharField(_("当日评价方式"), max_length=32)
    source_kind = models.CharField(_("来源"), max_length=12, choices=CaseSource.choices)
    # "sample:12" or "inspections.result:34": the inspections app sits above
    # this one, so its rows are named, not joined.
    source_ref = models.CharField(_("来源记录"), max_length=64, unique=True)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True)
    sample = models.ForeignKey("catalog.SamplingRecord", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="market_cases")
    summary = models.TextField(_("情况"))
    status = models.CharField(_("状态"), max_length=8, choices=CaseStatus.choices,
                              default=CaseStatus.OPEN)
    outcome = models.CharField(_("办理结果"), max_length=12, blank=True,
                               choices=CaseOutcome.choices)
    closing_note = models.TextField(_("办结说明"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-found_on", "-id"]
        verbose_name = _("未获强制性认证案件线索")
        verbose_name_plural = _("未获强制性认证案件线索")
        indexes = [models.Index(fields=["status", "found_on"], name="catalog_case_status")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.category_id} {self.found_on}"
