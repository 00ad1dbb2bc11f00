"""The quality archive's fact base (质量档案): one row per fact about an
enterprise, each linked to the record it came from.

The apps above credit push their facts here through `credit.actions`
(an inspection result when published, a sampling result when entered, a
self-declaration when filed); the registry's certificates are read by
`actions.sync_registry_facts`; penalties, complaints, awards and brands are
entered in the back office or imported. A fact is an event (it happened on
`occurred_on`) or a state (it holds from `occurred_on` until `ends_on`, which
may be open). The grader reads (kind, occurred_on, ends_on, id) and nothing
else, so a grade can be recomputed from the archive alone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitycert.registry.models import Enterprise


class FactKind(models.TextChoices):
    CERTIFICATE_HELD = "certificate_held", _("持有有效认证证书")
    CERTIFICATE_SUSPENDED = "certificate_suspended", _("证书被暂停")
    CERTIFICATE_WITHDRAWN = "certificate_withdrawn", _("证书被撤销")
    INSPECTION_CLEAN = "inspection_clean", _("双随机抽查未发现问题")
    INSPECTION_PROBLEM = "inspection_problem", _("双随机抽查发现问题")
    INSPECTION_REFUSED = "inspection_refused", _("拒绝或不配合检查")
    SAMPLING_PASS = "sampling_pass", _("监督抽查合格")
    SAMPLING_FAIL = "sampling_fail", _("监督抽查不合格")
    SELF_DECLARATION = "self_declaration", pgettext_lazy("fact kind", "自我声明")
    FALSE_DECLARATION = "false_declaration", _("虚假自我声明")
    PENALTY = "penalty", _("行政处罚")
    COMPLAINT = "complaint", _("投诉举报")
    FORGERY_REPORT = "forgery_report", _("伪造冒用证书举报")
    QUALITY_AWARD = "quality_award", _("质量奖")
    BRAND = "brand", _("品牌")
    QUALITY_COMMITMENT = "quality_commitment", _("质量诚信承诺")
    DISHONESTY_LISTED = "dishonesty_listed", _("列入失信名单")


class FactSource(models.TextChoices):
    REGISTRY = "registry", _("认证登记")
    INSPECTIONS = "inspections", _("双随机抽查")
    CATALOG = "catalog", _("产品质量抽查与自我声明")
    BUREAU = "bureau", _("本局录入")
    IMPORT = "import", pgettext_lazy("fact source", "导入")
    CREDIT = "credit", _("失信名单")


class Fact(models.Model):
    # Indexed by credit_fact_by_enterprise, which leads with it.
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, db_index=False,
                                   related_name="credit_facts", verbose_name=_("企业"))
    kind = models.CharField(_("事实类别"), max_length=32, choices=FactKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=FactSource.choices)
    # The record the fact came from: "registry.certificate" and its pk, or a
    # document number for facts entered by hand. Unique per kind, so pushing
    # the same fact twice records it once.
    source_type = models.CharField(_("来源记录类型"), max_length=48)
    source_id = models.CharField(_("来源记录"), max_length=64)
    reference = models.CharField(_("文书编号"), max_length=120, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案事实")
        verbose_name_plural = _("档案事实")
        ordering = ["enterprise", "-occurred_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "source_type", "source_id"],
                                               name="credit_fact_once_per_source")]
        # The grader reads facts in enterprise order: one scan of an index
        # that covers every column it reads (the id is SQLite's rowid).
        indexes = [models.Index(fields=["enterprise", "occurred_on", "kind", "ends_on"],
                                name="credit_fact_by_enterprise")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"
