"""Inspection results (检查结果) and their attachments.

One result per drawn target. Any team member records it and submits it;
another member of the same team co-signs (会签) it — so no result rests on
one inspector alone —; a bureau supervisor accepts it or returns it for
correction; an accepted result is then published (公示). The publication
deadline is 20 Chinese working days after the result was first submitted
(statutory holidays always; the year's notice once the bureau has entered it:
see the workcalendar app and actions/deadlines.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .plans import PlanError, Selection

PUBLICATION_WORKING_DAYS = 20


class ResultCategory(models.TextChoices):
    """SAMR's result categories for 双随机 checks."""

    NO_PROBLEM = "no_problem", _("未发现问题")
    CORRECTED = "corrected", _("发现问题已责令改正")
    NONCONFORMING = "nonconforming", pgettext_lazy("inspection result", "不合格")
    UNDISCLOSED = "undisclosed", _("未按规定公示应当公示的信息")
    NO_ACTIVITY = "no_activity", _("未发现开展本次抽查涉及的经营活动")
    UNREACHABLE = "unreachable", _("通过登记的住所无法联系")
    NONCOOPERATIVE = "noncooperative", _("不配合检查情节严重")
    OTHER = "other", _("其他")


# Categories that order a correction and so need a deadline.
NEEDS_DEADLINE = {ResultCategory.CORRECTED, ResultCategory.NONCONFORMING}


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    AWAITING_COSIGN = "awaiting_cosign", _("待会签")
    SUBMITTED = "submitted", pgettext_lazy("result status", "待审核")
    RETURNED = "returned", pgettext_lazy("result status", "退回修改")
    ACCEPTED = "accepted", pgettext_lazy("result status", "审核通过")
    PUBLISHED = "published", _("已公示")


S = ResultStatus


class InspectionResult(models.Model):
    selection = models.OneToOneField(Selection, on_delete=models.PROTECT, related_name="result")
    category = models.CharField(_("检查结果"), max_length=16,
                                choices=ResultCategory.choices)
    findings = models.TextField(_("检查情况"), blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True,
                                              blank=True)
    # A product of a CCC catalogue category met at the target: the catalogue's
    # market check runs on it when the result is accepted.
    product_category = models.CharField(_("CCC产品种类代码"), max_length=8, blank=True)
    product_name = models.CharField(_("检查的产品"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ResultStatus.choices,
                              default=ResultStatus.DRAFT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("录入人"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # The first submission: the publication clock starts here and never restarts.
    recorded_on = models.DateField(_("录入日期"), null=True, blank=True)
    publication_due_on = models.DateField(_("公示期限"), null=True, blank=True)
    # True when the deadline was counted over days whose State Council notice
    # was not entered yet (statutory holidays only); recomputed when it is.
    publication_due_provisional = models.BooleanField(_("公示期限待重新计算"), default=False)
    cosigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("会签人"))
    cosigned_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "检查结果")
        verbose_name_plural = pgettext_lazy("models", "检查结果")
        indexes = [
            models.Index(fields=["status", "publication_due_on"], name="insp_result_due"),
            models.Index(fields=["published_at"], name="insp_result_published"),
        ]

    def __str__(self) -> str:
        return f"{self.selection} {self.category}"

    def _require(self, *allowed: str, step: str) -> None:
        if self.status not in allowed:
            raise PlanError(
                gettext("检查结果当前状态为“%(status)s”，不能%(step)s。")
                % {"status": ResultStatus(self.status).label, "step": step})

    @property
    def editable(self) -> bool:
        return self.status in {S.DRAFT, S.RETURNED}

    def require_editable(self) -> None:
        self._require(S.DRAFT, S.RETURNED, step=pgettext("step", "修改"))

    def submit(self) -> None:
        self._require(S.DRAFT, S.RETURNED, step=pgettext("step", "提交"))
        self.status = S.AWAITING_COSIGN

    def cosign(self, by: Any, when: Any) -> None:
        self._require(S.AWAITING_COSIGN, step=pgettext("step", "会签"))
        self.status = S.SUBMITTED
        self.cosigned_by, self.cosigned_at = by, when

    def accept(self, by: Any, when: Any, note: str) -> None:
        self._require(S.SUBMITTED, step=pgettext("step", "审核通过"))
        self.status = S.ACCEPTED
        self.reviewed_by, self.reviewed_at, self.review_note = by, when, note

    def return_for_correction(self, by: Any, when: Any, note: str) -> None:
        self._require(S.SUBMITTED, S.AWAITING_COSIGN, step=pgettext("step", "退回"))
        self.status = S.RETURNED
        self.reviewed_by, self.reviewed_at, self.review_note = by, when, note
        self.cosigned_by, self.cosigned_at = None, None

    def publish(self, when: Any) -> None:
        self._require(S.ACCEPTED, step=pgettext("step", "公示"))
        self.status = S.PUBLISHED
        self.published_at = when


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the original one is user input and stays in the database only.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"inspections/{instance.result.selection.plan_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file attached to a result; stored under MEDIA_ROOT, served only by
    views.attachment_download to the team and bureau staff."""

    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result", "uploaded_at", "id"]
        verbose_name = pgettext_lazy("model", "附件")
        verbose_name_plural = pgettext_lazy("models", "附件")

    def __str__(self) -> str:
        return self.original_name
