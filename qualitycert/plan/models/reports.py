"""Progress reports (进展报告): what a responsible unit files per work item and
period, how the lead unit reviews it, and the files attached to it."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    BEHIND = "behind", _("滞后")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已通过")
    REVISION_REQUESTED = "revision_requested", _("退回修改")


EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.REVISION_REQUESTED})


class InvalidReportTransition(Exception):
    """A review step asked of a report in the wrong state."""

    def __init__(self, report: ProgressReport, step: str) -> None:
        state = ReportState(report.state).label
        messages = {
            "submit": gettext("报告当前状态为“%(state)s”，不能报送。"),
            "accept": gettext("报告当前状态为“%(state)s”，不能审核通过。"),
            "revise": gettext("报告当前状态为“%(state)s”，不能退回修改。"),
        }
        super().__init__(messages[step] % {"state": state})


def _attachment_path(instance: Any, filename: str) -> str:
    # A random stored name: the uploader's name is kept in the row, never in the
    # path, so no name can escape MEDIA_ROOT or collide.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"plan/reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class ProgressReport(models.Model):
    work_item = models.ForeignKey("plan.WorkItem", on_delete=models.PROTECT,
                                  related_name="reports", verbose_name=_("重点工作"))
    department = models.ForeignKey("plan.Department", on_delete=models.PROTECT,
                                    related_name="reports", verbose_name=_("责任单位"))
    period = models.CharField(_("报送期"), max_length=7)
    status = models.CharField(_("进展状态"), max_length=12,
                              choices=ProgressStatus.choices, default=ProgressStatus.IN_PROGRESS)
    narrative = models.TextField(_("进展情况"), blank=True)
    # [[key, value], …] in the order the unit gave them.
    figures = models.JSONField(_("主要数据"), default=list, blank=True)
    state = models.CharField(_("审核状态"), max_length=20, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True,
                                              blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("审核人"))
    review_comment = models.TextField(_("审核意见"), blank=True)
    revision_count = models.PositiveSmallIntegerField(_("退回次数"),
                                                      default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("填报人"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "work_item", "department"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [models.UniqueConstraint(fields=["work_item", "department", "period"],
                                               name="plan_report_once_per_period")]
        indexes = [
            models.Index(fields=["department", "period"], name="plan_report_unit_period"),
            models.Index(fields=["period", "state"], name="plan_report_period_state"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.work_item_id} {self.department_id}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    # Transition methods: each checks the source state; actions.py wraps them
    # with locking, permission checks and the audit entry.
    def submit(self) -> None:
        if self.state not in EDITABLE_STATES:
            raise InvalidReportTransition(self, "submit")
        now = timezone.now()
        self.state = ReportState.SUBMITTED
        self.submitted_at = now
        if self.first_submitted_at is None:
            self.first_submitted_at = now

    def accept(self, reviewer: Any, comment: str) -> None:
        if self.state != ReportState.SUBMITTED:
            raise InvalidReportTransition(self, "accept")
        self._reviewed(ReportState.ACCEPTED, reviewer, comment)

    def request_revision(self, reviewer: Any, comment: str) -> None:
        if self.state != ReportState.SUBMITTED:
            raise InvalidReportTransition(self, "revise")
        self._reviewed(ReportState.REVISION_REQUESTED, reviewer, comment)
        self.revision_count += 1

    def _reviewed(self, state: ReportState, reviewer: Any, comment: str) -> None:
        self.state = state
        self.reviewed_at = timezone.now()
        self.reviewed_by = reviewer
        self.review_comment = comment


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("通过")
    REVISION_REQUESTED = "revision_requested", _("退回修改")


class ReportReview(models.Model):
    """Each review of a report, kept so the unit sees every comment it was given."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(_("结论"), max_length=20, choices=ReviewOutcome.choices)
    comment = models.TextField(_("意见"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    reviewer_name = models.CharField(_("审核人"), max_length=200)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self) -> str:
        return f"{self.report_id} {self.outcome}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name
