"""Product-quality supervision sampling (产品质量监督抽查) results.

The plan's target 装备制造业产品质量合格率 ≥ 95% is measured from these rows
(plan/targets.py), so the indexes serve "samples of a year, by enterprise".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SamplingResult(models.TextChoices):
    PASS = "pass", _("合格 Pass")
    FAIL = "fail", _("不合格 Fail")


class SamplingRecord(models.Model):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="samplings",
                                   verbose_name=_("受检企业 enterprise"))
    product = models.CharField(_("产品名称 product"), max_length=200)
    industry_code = models.CharField(_("行业代码 industry (GB/T 4754)"), max_length=5,
                                     blank=True)
    lab = models.ForeignKey("registry.Lab", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="samplings", verbose_name=_("检验机构 lab"))
    sampled_on = models.DateField(_("抽样日期 sampled on"))
    plan_name = models.CharField(_("抽查计划/批次 plan or batch"), max_length=200, blank=True)
    result = models.CharField(_("检验结论 result"), max_length=4, choices=SamplingResult.choices)
    failed_items = models.JSONField(_("不合格项目 failed items"), default=list, blank=True)
    # Where the row came from: the file and uploader, or the publishing authority.
    source = models.CharField(_("数据来源 source"), max_length=300, blank=True)
    report_number = models.CharField(_("检验报告编号 report number"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sampled_on", "id"]
        verbose_name = _("监督抽查记录 sampling record")
        verbose_name_plural = _("监督抽查记录 sampling records")
        constraints = [
            # A lab's report number identifies one test; re-importing the same
            # file must not count a sample twice.
            models.UniqueConstraint(fields=["report_number"], name="sampling_unique_report",
                                    condition=~models.Q(report_number="")),
        ]
        indexes = [
            models.Index(fields=["sampled_on", "enterprise"], name="sampling_date_enterprise"),
            models.Index(fields=["enterprise", "sampled_on"], name="sampling_enterprise_date"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.sampled_on} {self.result}"
