"""Product-quality supervision sampling (产品质量监督抽查).

A sampling plan names the product, how many samples and which labs test
them; each sample is drawn from the market or a producer and assigned to a
lab; the lab enters the result (pass or fail, the items failed, the standard);
a failed sample is followed up (整改, re-test, penalty) until it is closed.
Results also arrive by import, as published lists. The plan's target
装备制造业产品质量合格率 ≥ 95% is measured from these rows (catalog.queries),
so the indexes serve "samples of a year, by enterprise".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SamplingResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class SampleStatus(models.TextChoices):
    DRAWN = "drawn", _("已抽样待检验")
    TESTED = "tested", _("已出检验结论")


class DrawnFrom(models.TextChoices):
    PRODUCER = "producer", _("生产企业")
    MARKET = "market", _("流通领域")


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("国家监督抽查")
    MUNICIPAL = "municipal", _("市级监督抽查")
    DISTRICT = "district", _("区级监督抽查")


class PlanStatus(models.TextChoices):
    OPEN = "open", _("实施中")
    CLOSED = "closed", _("已结束")


class SamplingPlan(models.Model):
    name = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("抽查级别"), max_length=10, choices=PlanLevel.choices,
                             default=PlanLevel.DISTRICT)
    product_class = models.CharField(_("抽查产品"), max_length=120)
    category = models.ForeignKey("catalog.ProductCategory", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="sampling_plans",
                                 verbose_name=_("CCC产品种类"))
    planned_count = models.PositiveIntegerField(_("计划抽样批次"))
    labs = models.ManyToManyField("registry.Lab", related_name="sampling_plans",
                                  verbose_name=_("承检机构"))
    status = models.CharField(_("状态"), max_length=8, choices=PlanStatus.choices,
                              default=PlanStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("监督抽查计划")
        verbose_name_plural = _("监督抽查计划")

    def __str__(self) -> str:
        return self.name


class FollowUpState(models.TextChoices):
    NONE = "", _("无需处置")
    OPEN = "open", _("待处置")
    RECTIFYING = "rectifying", _("责令整改中")
    RETEST_PASSED = "retest_passed", _("复查合格")
    RETEST_FAILED = "retest_failed", _("复查不合格")
    PENALTY = "penalty", _("已立案处罚")
    CLOSED = "closed", _("已结案")


class SamplingRecord(models.Model):
    """One sample (one batch, 批次) and, once tested, its result."""

    plan = models.ForeignKey(SamplingPlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="samples", verbose_name=_("抽查计划"))
    sample_number = models.CharField(_("抽样单编号"), max_length=64, blank=True)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="samplings",
                                   verbose_name=_("受检企业（生产者）"))
    drawn_from = models.CharField(_("抽样环节"), max_length=10, choices=DrawnFrom.choices,
                                  default=DrawnFrom.PRODUCER)
    seller_name = models.CharField(_("被抽样单位（销售者）"), max_length=200, blank=True)
    category = models.ForeignKey("catalog.ProductCategory", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="samples",
                                 verbose_name=_("CCC产品种类"))
    product = models.CharField(_("产品名称"), max_length=200)
    model = models.CharField(_("规格型号"), max_length=120, blank=True)
    batch = models.CharField(_("生产日期/批号"), max_length=60, blank=True)
    industry_code = models.CharField(_("行业代码"), max_length=5, blank=True)
    lab = models.ForeignKey("registry.Lab", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="samplings", verbose_name=_("检验机构"))
    sampled_on = models.DateField(_("抽样日期"))
    plan_name = models.CharField(_("抽查计划/批次"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=SampleStatus.choices,
                              default=SampleStatus.DRAWN)
    result = models.CharField(_("检验结论"), max_length=4, choices=SamplingResult.choices,
                              blank=True)
    standard = models.CharField(_("检验依据"), max_length=200, blank=True)
    failed_items = models.JSONField(_("不合格项目"), default=list, blank=True)
    tested_on = models.DateField(_("检验完成日期"), null=True, blank=True)
    # Where the row came from: the file and uploader, or the publishing authority.
    source = models.CharField(_("数据来源"), max_length=300, blank=True)
    report_number = models.CharField(_("检验报告编号"), max_length=64, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("结果录入人"))
    follow_up_state = models.CharField(_("后处理"), max_length=16, blank=True,
                                       choices=FollowUpState.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sampled_on", "id"]
        verbose_name = _("监督抽查样品")
        verbose_name_plural = _("监督抽查样品")
        constraints = [
            # A lab's report number identifies one test; re-importing the same
            # file must not count a sample twice.
            models.UniqueConstraint(fields=["report_number"], name="sampling_unique_report",
                                    condition=~models.Q(report_number="")),
            models.CheckConstraint(
                condition=(models.Q(status="tested") & models.Q(result__in=["pass", "fail"]))
                | (models.Q(status="drawn") & models.Q(result="")),
                name="sampling_result_iff_tested"),
        ]
        indexes = [
            models.Index(fields=["sampled_on", "enterprise"], name="sampling_date_enterprise"),
            models.Index(fields=["enterprise", "sampled_on"], name="sampling_enterprise_date"),
            models.Index(fields=["lab", "status"], name="sampling_lab_status"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.sampled_on} {self.result or self.status}"

    @property
    def failed(self) -> bool:
        return self.result == SamplingResult.FAIL


class FollowUpKind(models.TextChoices):
    RECTIFICATION = "rectification", _("责令整改")
    RETEST = "retest", _("整改复查")
    PENALTY = "penalty", _("立案处罚")
    CLOSE = "close", _("结案")


# Which states each follow-up step may start from.
FOLLOW_UP_FROM: dict[str, frozenset[str]] = {
    FollowUpKind.RECTIFICATION: frozenset({FollowUpState.OPEN, FollowUpState.RETEST_FAILED}),
    FollowUpKind.RETEST: frozenset({FollowUpState.RECTIFYING}),
    FollowUpKind.PENALTY: frozenset({FollowUpState.OPEN, FollowUpState.RECTIFYING,
                                     FollowUpState.RETEST_FAILED}),
    FollowUpKind.CLOSE: frozenset({FollowUpState.RETEST_PASSED, FollowUpState.PENALTY}),
}


class FollowUp(models.Model):
    """One step in handling a failed sample (不合格后处理)."""

    sample = models.ForeignKey(SamplingRecord, on_delete=models.PROTECT,
                               related_name="follow_ups", verbose_name=_("样品"))
    kind = models.CharField(_("处置"), max_length=16, choices=FollowUpKind.choices)
    occurred_on = models.DateField(_("日期"))
    due_on = models.DateField(_("整改期限"), null=True, blank=True)
    retest_result = models.CharField(_("复查结论"), max_length=4, blank=True,
                                     choices=SamplingResult.choices)
    decision_number = models.CharField(_("决定书文号"), max_length=80, blank=True)
    link = models.URLField(_("案件链接"), max_length=300, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sample", "occurred_on", "id"]
        verbose_name = _("不合格后处理")
        verbose_name_plural = _("不合格后处理")

    def __str__(self) -> str:
        return f"{self.sample_id} {self.kind} {self.occurred_on}"
