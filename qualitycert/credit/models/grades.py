"""Grading models (the rules as versioned data), grading runs and grades.

A model is a draft while the bureau edits it; `preview` records what it
would do; `publish` signs it (the SHA-256 of its canonical JSON and the
signer, in the audit log) and from then on the row is immutable: a change is
a new version. Grades keep their model version, as-of date and the
per-indicator contributions that made them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycert.registry.models import Enterprise

from .facts import FactKind


class CreditError(ValueError):
    """A credit action refused, with a reason people can read."""


class ImmutableModel(CreditError):
    """A published grading model cannot change; make a new version."""


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Grade(models.TextChoices):
    A = "A", _("A 级")
    B = "B", _("B 级")
    C = "C", _("C 级")
    D = "D", _("D 级")


class GradingModelQuerySet(models.QuerySet["GradingModel"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(status=ModelStatus.PUBLISHED).exists():
            raise ImmutableModel(gettext("已发布的评价模型不可修改，请建立新版本"))
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=ModelStatus.PUBLISHED).exists():
            raise ImmutableModel(gettext("已发布的评价模型不可删除"))
        return super().delete()

    def published(self) -> GradingModelQuerySet:
        return self.filter(status=ModelStatus.PUBLISHED)


class GradingModel(models.Model):
    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=120)
    spec = models.JSONField(_("模型定义"))
    status = models.CharField(_("状态"), max_length=12, choices=ModelStatus.choices,
                              default=ModelStatus.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("基于版本"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.CharField(_("创建人"), max_length=200)
    # What the model would do, computed by preview_model over the archive.
    preview = models.JSONField(_("试算结果"), null=True, blank=True)
    spec_digest = models.CharField(_("摘要 SHA-256"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("发布人"))
    signer_name = models.CharField(_("签发人"), max_length=200, blank=True)
    publish_reason = models.TextField(_("发布理由"), blank=True)

    objects = GradingModelQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("信用评价模型")
        verbose_name_plural = _("信用评价模型")

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and GradingModel.objects.filter(
                pk=self.pk, status=ModelStatus.PUBLISHED).exists():
            raise ImmutableModel(gettext("已发布的评价模型不可修改，请建立新版本"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_published:
            raise ImmutableModel(gettext("已发布的评价模型不可删除"))
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == ModelStatus.PUBLISHED


class GradingRun(models.Model):
    """One `grade-enterprises` run: one batch in the audit log."""

    model = models.ForeignKey(GradingModel, on_delete=models.PROTECT, related_name="runs",
                              verbose_name=_("评价模型"))
    as_of = models.DateField(_("评价基准日"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    signer_name = models.CharField(_("执行人"), max_length=200)
    graded = models.PositiveIntegerField(_("评价企业数"), default=0)
    distribution = models.JSONField(_("等级分布"), default=dict)
    # SHA-256 over every grade of the run in enterprise order: two runs with
    # the same model, as-of date and facts have the same digest.
    digest = models.CharField(_("结果摘要"), max_length=64, blank=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("信用评价批次")
        verbose_name_plural = _("信用评价批次")
        indexes = [models.Index(fields=["finished_at", "as_of"], name="credit_run_latest")]

    def __str__(self) -> str:
        return f"#{self.pk} v{self.model.version} @ {self.as_of}"


class CreditGrade(models.Model):
    # Indexed by the composite indexes below, which lead with each key: a
    # run writes a million rows, and every index costs each of them.
    run = models.ForeignKey(GradingRun, on_delete=models.CASCADE, related_name="grades",
                            verbose_name=_("评价批次"), db_index=False)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, db_index=False,
                                   related_name="credit_grades", verbose_name=_("企业"))
    model_version = models.PositiveIntegerField(_("模型版本"))
    as_of = models.DateField(_("评价基准日"))
    score = models.PositiveIntegerField(_("得分（百分之一分）"))
    grade = models.CharField(_("信用等级"), max_length=1, choices=Grade.choices)
    vetoed_by = models.CharField(_("否决事项"), max_length=32, blank=True)
    # [code, count, against, subscore per mille, weight, [fact ids]] per indicator.
    contributions = models.JSONField(_("指标贡献"))

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = _("信用等级")
        verbose_name_plural = _("信用等级")
        constraints = [models.UniqueConstraint(fields=["run", "enterprise"],
                                               name="credit_grade_once_per_run")]
        indexes = [models.Index(fields=["enterprise", "as_of"], name="credit_grade_history")]

    def __str__(self) -> str:
        return f"{self.grade} ({self.score / 100:.2f})"

    @property
    def points(self) -> str:
        return f"{self.score / 100:.2f}"

    @property
    def veto_label(self) -> str:
        """The veto in words (the fact kind's name), for the pages."""
        labels = dict(FactKind.choices)
        return str(labels.get(self.vetoed_by, self.vetoed_by))
