"""The plan as data: the document, its sections, the responsible units
(责任单位), the numbered key tasks (重点任务) and their work items, the targets
(主要目标) bound to indicators, and the weights of the yearly assessment.

Progress reports (进展报告) and their attachments are in reports.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Department(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    # Other spellings found in source documents (the seed writes both 区科技局
    # and 区科学技术局 for one unit).
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    # The unit's own mailbox for reminders, besides its users' addresses.
    email = models.EmailField(_("联系邮箱"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")

    def __str__(self) -> str:
        return self.name


class ReportFrequency(models.TextChoices):
    QUARTERLY = "quarterly", _("按季度")
    MONTHLY = "monthly", _("按月")
    YEARLY = "yearly", _("按年度")


class Plan(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    title = models.CharField(_("方案名称"), max_length=200)
    notice_title = models.CharField(_("印发通知"), max_length=300, blank=True)
    document_number = models.CharField(_("文号"), max_length=60)
    index_number = models.CharField(_("索引号"), max_length=60, blank=True)
    issuer = models.CharField(_("发布机构"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("发文日期"))
    target_year = models.PositiveSmallIntegerField(_("目标年度"), null=True,
                                                   blank=True)
    lead_rule = models.CharField(_("牵头规则"), max_length=200, blank=True)
    report_frequency = models.CharField(_("报送频次"), max_length=10,
                                        choices=ReportFrequency.choices,
                                        default=ReportFrequency.QUARTERLY)
    reporting_starts_on = models.DateField(_("报送起始日期"))
    report_due_days = models.PositiveSmallIntegerField(
        _("报送期限（期末后天数）"), default=10)

    class Meta:
        ordering = ["-published_on", "code"]
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    # The document's own numbering: 一, 一(三), 二(二)4.
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("方案章节")
        verbose_name_plural = _("方案章节")
        constraints = [models.UniqueConstraint(fields=["plan", "code"],
                                               name="plan_section_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Task(models.Model):
    """One numbered row (序号) of the 重点任务分工 table."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("任务"), max_length=200)
    # The table merges the 任务 cell over consecutive rows (9–11 all read
    # 大力推行高端品质认证); such rows carry the name from the row above.
    name_from_row_above = models.BooleanField(_("任务名沿用上一行"),
                                              default=False)
    section = models.ForeignKey(PlanSection, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tasks", verbose_name=_("章节"))

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plan_task_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class WorkItem(models.Model):
    """A 重点工作 of a task with its responsible units; task 3 has two."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="items")
    item = models.PositiveSmallIntegerField(_("工作项"))
    content = models.TextField(_("重点工作"))
    lead = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="led_items",
                             verbose_name=_("牵头单位"))
    units: models.ManyToManyField[Department, WorkItemUnit] = models.ManyToManyField(
        Department, through="WorkItemUnit", related_name="work_items",
        verbose_name=_("责任单位"))

    class Meta:
        ordering = ["task__plan", "task__number", "item"]
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")
        constraints = [models.UniqueConstraint(fields=["task", "item"],
                                               name="plan_item_unique_position")]

    def __str__(self) -> str:
        return f"{self.label} {self.content[:30]}"

    @property
    def label(self) -> str:
        return f"{self.task.number}-{self.item}"

    def ordered_units(self) -> list[Department]:
        return [link.department for link in
                self.unit_links.select_related("department").order_by("position")]


class WorkItemUnit(models.Model):
    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="unit_links")
    department = models.ForeignKey(Department, on_delete=models.PROTECT,
                                   related_name="item_links")
    # 0 is the lead (排在第一位的为牵头单位); the rest keep the table's order.
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["work_item", "position"]
        verbose_name = _("工作项责任单位")
        verbose_name_plural = _("工作项责任单位")
        constraints = [
            models.UniqueConstraint(fields=["work_item", "department"],
                                    name="plan_item_unit_once"),
            models.UniqueConstraint(fields=["work_item", "position"],
                                    name="plan_item_unit_position"),
        ]
        indexes = [models.Index(fields=["department", "work_item"], name="plan_unit_items")]

    def __str__(self) -> str:
        return f"{self.work_item_id}#{self.position} {self.department_id}"


class Comparison(models.TextChoices):
    GT = "gt", _("突破（大于）")
    GTE = "gte", _("达到（不低于）")

    @property
    def symbol(self) -> str:
        return {"gt": ">", "gte": ">="}[self.value]

    def holds(self, value: Decimal, goal: Decimal) -> bool:
        return value > goal if self is Comparison.GT else value >= goal


class Indicator(models.TextChoices):
    """How a target's live value is measured (the functions are in targets.py)."""

    CERTIFIED_ENTERPRISES = "certified_enterprises", _(
        "获证企业数（某类认证有效证书）")
    TECH_LEADER_BRAND_SHARE = "tech_leader_brand_share", _(
        "科技领军企业自主品牌占比")
    SAMPLING_PASS_RATE = "sampling_pass_rate", _(
        "监督抽查合格率")
    MANUAL = "manual", _("人工填报（注明来源）")
    # Counted from the records of an app above the plan (a named measure that
    # app registers: qualitycert.plan.targets.register_measure).
    RECORDS = "records", _("专项记录计数")


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.SlugField(_("代码"), max_length=60)
    name = models.CharField(pgettext_lazy("plan target", "指标"), max_length=200)
    goal = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    comparison = models.CharField(_("比较"), max_length=4, choices=Comparison.choices)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    indicator = models.CharField(_("测算口径"), max_length=40,
                                 choices=Indicator.choices)
    params = models.JSONField(_("口径参数"), default=dict, blank=True)
    section = models.ForeignKey(PlanSection, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="targets")
    quote = models.TextField(_("原文"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [models.UniqueConstraint(fields=["plan", "code"],
                                               name="plan_target_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} {Comparison(self.comparison).symbol} {self.goal}{self.unit}"

    def is_met(self, value: Decimal | None) -> bool:
        return value is not None and Comparison(self.comparison).holds(value, self.goal)


class ManualFigure(models.Model):
    """A figure the registry cannot know (e.g. 地理标志 counts from the IP office),
    entered with where it comes from."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="figures")
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    as_of = models.DateField(_("截至日期"))
    source = models.CharField(_("数据来源"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("填报人"))
    entered_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        ordering = ["target", "-as_of", "-id"]
        verbose_name = _("人工填报数据")
        verbose_name_plural = _("人工填报数据")
        indexes = [models.Index(fields=["target", "as_of"], name="plan_figure_target_date")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.value} @ {self.as_of}"


class TargetSnapshot(models.Model):
    """A target's value at a past quarter end, stored so that the dashboard's
    trend does not replay the registry's history on every view (at province
    scale eight past quarter ends cost seconds each). Name, goal and unit come
    from the Target when a value is rebuilt, and whether the goal is met is
    derived from it (a row is used only while its goal is the target's). The
    `snapshot-targets` command rewrites them nightly, picking up late and
    back-dated registry changes. Today's values are never stored."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("代码"), max_length=60)
    as_of = models.DateField(_("截至日期"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2, null=True,
                                blank=True)
    goal = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    source = models.TextField(_("数据来源"), blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        ordering = ["plan", "as_of", "code"]
        verbose_name = _("目标值快照")
        verbose_name_plural = _("目标值快照")
        constraints = [models.UniqueConstraint(fields=["plan", "code", "as_of"],
                                               name="plan_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.value} @ {self.as_of}"


class AssessmentRule(models.Model):
    """Weights of the yearly assessment (绩效考核). Never edited: a change is a
    new version, and a year is scored by the latest version in force for it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessment_rules")
    effective_year = models.PositiveSmallIntegerField(_("起始年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    weight_timeliness = models.PositiveSmallIntegerField(_("按时报送权重"))
    weight_completeness = models.PositiveSmallIntegerField(_("报送完整权重"))
    weight_review = models.PositiveSmallIntegerField(_("一次通过权重"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "effective_year", "version"]
        verbose_name = _("考核规则")
        verbose_name_plural = _("考核规则")
        constraints = [models.UniqueConstraint(fields=["plan", "effective_year", "version"],
                                               name="plan_rule_unique_version")]

    def __str__(self) -> str:
        return f"{self.effective_year} v{self.version}"

    @property
    def total_weight(self) -> int:
        return self.weight_timeliness + self.weight_completeness + self.weight_review


class PeriodDeadline(models.Model):
    """A deadline moved away from the plan's default (e.g. past a public holiday)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    period = models.CharField(_("报送期"), max_length=7)
    due_on = models.DateField(_("截止日期"))
    reason = models.CharField(_("理由"), max_length=300)

    class Meta:
        verbose_name = _("报送截止日期")
        verbose_name_plural = _("报送截止日期")
        constraints = [models.UniqueConstraint(fields=["plan", "period"],
                                               name="plan_deadline_once")]

    def __str__(self) -> str:
        return f"{self.period} → {self.due_on}"


class ReminderLog(models.Model):
    """One row per unit and day a reminder went out: what makes the reminder
    command safe to run again the same day."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("发送日期"))
    recipients = models.JSONField(default=list)
    missing = models.JSONField(default=list)

    class Meta:
        verbose_name = _("催报记录")
        verbose_name_plural = _("催报记录")
        constraints = [models.UniqueConstraint(fields=["plan", "department", "sent_on"],
                                               name="plan_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.sent_on}"
