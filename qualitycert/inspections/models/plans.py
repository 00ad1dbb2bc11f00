"""Plans (抽查计划), their frozen lists and the draw.

A plan is edited while it is a draft. Committing it freezes three lists in
one transaction — the candidate targets, the inspector pool and the
exclusions — and records their SHA-256 hashes; the rows are never updated
afterwards (save() refuses), and any change made behind the application's
back shows up when the hash is recomputed (queries.frozen_lists_intact).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .libraries import Inspector, RiskClass, Target

# The bureau's bounds (国市监信〔2019〕38号 leaves the figures to each level):
# a plan of general items only may sample at most this share of any stratum;
# every plan must sample at least MIN_OVERALL_PERCENT of its population.
GENERAL_MAX_PERCENT = Decimal("20")
MIN_OVERALL_PERCENT = Decimal("3")


class PlanError(ValueError):
    """A plan rule refused the step; the message says why (zh and en)."""


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    COMMITTED = "committed", _("名单已公示冻结")
    DRAWN = "drawn", _("已抽取")
    CLOSED = "closed", _("已结束")


class CheckItemKind(models.TextChoices):
    GENERAL = "general", _("一般检查事项")
    KEY = "key", _("重点检查事项")


def _percent_field(label: Any, default: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default),
                               validators=[MinValueValidator(Decimal("0")),
                                           MaxValueValidator(Decimal("100"))])


class Plan(models.Model):
    name = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    departments = models.ManyToManyField("plan.Department", related_name="inspection_plans",
                                         verbose_name=_("实施单位"))
    # {"kinds": [...], "industry_prefixes": [...], "divisions": [...],
    #  "schemes": [...], "certificate_statuses": [...]}; see queries.population.
    population = models.JSONField(_("抽查对象范围"), default=dict, blank=True)
    percent_a = _percent_field(_("A 类抽查比例（%）"), "3")
    percent_b = _percent_field(_("B 类抽查比例（%）"), "5")
    percent_c = _percent_field(_("C 类抽查比例（%）"), "10")
    percent_d = _percent_field(_("D 类抽查比例（%）"), "20")
    team_size = models.PositiveSmallIntegerField(_("每组检查人员数"), default=2,
                                                 validators=[MinValueValidator(2)])
    avoid_recent_plans = models.PositiveSmallIntegerField(
        _("近期回避计划数"), default=2)
    starts_on = models.DateField(pgettext_lazy("inspection plan", "开始日期"))
    ends_on = models.DateField(_("结束日期"))
    source_announcement = models.TextField(
        _("随机源公告"),
        help_text=_("例如：2026年12月1日中国福利彩票双色球第2026138期开奖号码"))
    source_labels = models.JSONField(_("随机源名称"), default=list)
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    committed_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    candidates_sha256 = models.CharField(_("候选名单哈希"), max_length=64, blank=True)
    pool_sha256 = models.CharField(_("检查人员库哈希"), max_length=64, blank=True)
    exclusions_sha256 = models.CharField(_("回避名单哈希"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = pgettext_lazy("model", "抽查计划")
        verbose_name_plural = pgettext_lazy("models", "抽查计划")
        indexes = [models.Index(fields=["year", "status"], name="insp_plan_year_status")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def percents(self) -> dict[str, Decimal]:
        return {"A": self.percent_a, "B": self.percent_b, "C": self.percent_c,
                "D": self.percent_d}

    def has_key_items(self) -> bool:
        return self.items.filter(kind=CheckItemKind.KEY).exists()

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})

    # Transitions: each checks the source state.
    def _require(self, *allowed: str, step: str) -> None:
        if self.status not in allowed:
            raise PlanError(
                gettext("计划当前状态为“%(status)s”，不能%(step)s。")
                % {"status": PlanStatus(self.status).label, "step": step})

    def require_editable(self) -> None:
        self._require(PlanStatus.DRAFT, step=pgettext("step", "修改"))

    def commit(self, when: Any) -> None:
        self._require(PlanStatus.DRAFT, step=pgettext("step", "冻结名单"))
        self.status = PlanStatus.COMMITTED
        self.committed_at = when

    def mark_drawn(self) -> None:
        self._require(PlanStatus.COMMITTED, step=pgettext("step", "抽取"))
        self.status = PlanStatus.DRAWN

    def close(self, when: Any) -> None:
        self._require(PlanStatus.DRAWN, step=pgettext("step", "结束"))
        self.status = PlanStatus.CLOSED
        self.closed_at = when


class CheckItem(models.Model):
    """One 抽查事项 of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("检查事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=8, choices=CheckItemKind.choices,
                            default=CheckItemKind.GENERAL)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = pgettext_lazy("model", "抽查事项")
        verbose_name_plural = pgettext_lazy("models", "抽查事项")

    def __str__(self) -> str:
        return self.name


class FrozenRow(models.Model):
    """Rows written once at commit and never changed by the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PlanError(gettext("冻结后的名单不可修改"))
        super().save(*args, **kwargs)


class Candidate(FrozenRow):
    """One line of the frozen candidate list: index is the 1-based position in
    identifier order; name and risk class are copied as they were at commit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="candidates")
    index = models.PositiveIntegerField()
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="candidacies")
    identifier = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    risk_class = models.CharField(max_length=1, choices=RiskClass.choices)

    class Meta:
        ordering = ["plan", "index"]
        verbose_name = _("候选对象")
        verbose_name_plural = _("候选名单")
        constraints = [
            models.UniqueConstraint(fields=["plan", "index"], name="insp_candidate_index"),
            models.UniqueConstraint(fields=["plan", "target"], name="insp_candidate_target"),
        ]

    def __str__(self) -> str:
        return f"{self.index}\t{self.identifier}"


class PoolMember(FrozenRow):
    """One inspector of the frozen pool (active members of the plan's departments)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pool")
    index = models.PositiveIntegerField()
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="pool_entries")
    enforcement_number = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    department_code = models.CharField(max_length=40)

    class Meta:
        ordering = ["plan", "index"]
        verbose_name = pgettext_lazy("model", "检查人员库快照")
        verbose_name_plural = pgettext_lazy("models", "检查人员库快照")
        constraints = [
            models.UniqueConstraint(fields=["plan", "index"], name="insp_pool_index"),
            models.UniqueConstraint(fields=["plan", "inspector"], name="insp_pool_inspector"),
        ]

    def __str__(self) -> str:
        return f"{self.index}\t{self.enforcement_number}"


class ExclusionKind(models.TextChoices):
    CONFLICT = "conflict", _("利害关系回避")
    RECENT = "recent", _("近期检查回避")


class Exclusion(FrozenRow):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="exclusions")
    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="exclusions")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(max_length=8, choices=ExclusionKind.choices)

    class Meta:
        verbose_name = pgettext_lazy("model", "回避")
        verbose_name_plural = pgettext_lazy("models", "回避")
        constraints = [models.UniqueConstraint(fields=["member", "candidate", "kind"],
                                               name="insp_exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.member_id} × {self.candidate_id} ({self.kind})"


class Draw(models.Model):
    """The draw of one plan and its published record (the exact bytes)."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="draw")
    source_values = models.JSONField(_("随机源数值"))
    key_string = models.TextField(_("密钥串"))
    algorithm_version = models.CharField(max_length=20)
    record = models.TextField(_("抽取记录"))
    record_sha256 = models.CharField(max_length=64)
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = pgettext_lazy("model", "抽取")
        verbose_name_plural = pgettext_lazy("models", "抽取")

    def __str__(self) -> str:
        return f"draw of plan {self.plan_id}"


class Selection(models.Model):
    """A drawn target. ``staffed`` is False when too few eligible inspectors
    were left for a full team: such a target is flagged, never staffed alone."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="selections")
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT,
                                     related_name="selection")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="selections")
    risk_class = models.CharField(max_length=1, choices=RiskClass.choices)
    draw_order = models.PositiveIntegerField()
    staffed = models.BooleanField(default=True)
    eligible_count = models.PositiveIntegerField(default=0)
    inspectors: models.ManyToManyField[Inspector, TeamMember] = models.ManyToManyField(
        Inspector, through="TeamMember",
                                        related_name="selections")

    class Meta:
        ordering = ["plan", "draw_order"]
        verbose_name = pgettext_lazy("model", "抽中对象")
        verbose_name_plural = pgettext_lazy("models", "抽中对象")
        constraints = [models.UniqueConstraint(fields=["plan", "draw_order"],
                                               name="insp_selection_order")]
        indexes = [models.Index(fields=["target", "plan"], name="insp_selection_target")]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.draw_order} {self.candidate.identifier}"


class TeamMember(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="team")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="team_seats")
    seat = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["selection", "seat"]
        verbose_name = pgettext_lazy("model", "检查组成员")
        verbose_name_plural = pgettext_lazy("models", "检查组成员")
        constraints = [models.UniqueConstraint(fields=["selection", "inspector"],
                                               name="insp_team_unique")]

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.inspector_id}"
