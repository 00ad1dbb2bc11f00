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
from django.utils.translation import gettext_lazy as _

from .plans import PlanError, Selection

PUBLICATION_WORKING_DAYS = 20


class ResultCategory(models.TextChoices):
    """SAMR's result categories for 双随机 checks."""

    NO_PROBLEM = "no_problem", _("未发现问题 No problem found")
    CORRECTED = "corrected", _("发现问题已责令改正 Problem found, correction ordered")
    NONCONFORMING = "nonconforming", _("不合格 Nonconforming")
    UNDISCLOSED = "undisclosed", _("未按规定公示应当公示的信息 Required information not disclosed")
    NO_ACTIVITY = "no_activity", _("未发现开展本次抽查涉及的经营活动 "
                                   "No business activity covered by this check")
    UNREACHABLE = "unreachable", _("通过登记的住所无法联系 Unreachable at the registered address")
    NONCOOPERATIVE = "noncooperative", _("不配合检查情节严重 Serious refusal to cooperate")
    OTHER = "other", _("其他 Other")


# Categories that order a correction and so need a deadline.
NEEDS_DEADLINE = {ResultCategory.CORRECTED, ResultCategory.NONCONFORMING}


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("草稿 Draft")
    AWAITING_COSIGN = "awaiting_cosign", _("待会签 Awaiting co-signature")
    SUBMITTED = "submitted", _("待审核 Awaiting review")
    RETURNED = "returned", _("退回修改 Returned for correction")
    ACCEPTED = "accepted", _("审核通过 Accepted")
    PUBLISHED = "published", _("已公示 Published")


S = ResultStatus


class InspectionResult(models.Model):
    selection = models.OneToOneField(Selection, on_delete=models.PROTECT, related_name="result")
    category = models.CharField(_("检查结果 result"), max_length=16,
                                choices=ResultCategory.choices)
    findings = models.TextField(_("检查情况 findings"), blank=True)
    rectification_deadline = models.DateField(_("整改期限 rectification deadline"), null=True,
                                              blank=True)
    # A product of a CCC catalogue category met at the target: the catalogue's
    # market check runs on it when the result is accepted.
    product_category = models.CharField(_("CCC产品种类代码"), max_length=8, blank=True)
    product_name = models.CharField(_("检查的产品"), max_length=200, blank=True)
    status = models.CharField(_("状态 status"), max_length=16, choices=ResultStatus.choices,
                              default=ResultStatus.DRAFT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("录入人 recorded by"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # The first submission: the publication clock starts here and never restarts.
    recorded_on = models.DateField(_("录入日期 recorded on"), null=True, blank=True)
    publication_due_on = models.DateField(_("公示期限 publish by"), null=True, blank=True)
    # True when the deadline was counted over days whose State Council notice
    # was not entered yet (statutory holidays only); recomputed when it is.
    publication_due_provisional = models.BooleanField(_("公示期限待重新计算"), default=False)
    cosigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("会签人 co-signed by"))
    cosigned_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("审核人 reviewed by"))
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("审核意见 review note"), blank=True)
    published_at = models.DateTimeField(_("公示时间 published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检查结果 inspection result")
        verbose_name_plural = _("检查结果 inspection results")
        indexes = [
            models.Index(fields=["status", "publication_due_on"], name="insp_result_due"),
            models.Index(fields=["published_at"], name="insp_result_published"),
        ]

    def __str__(self) -> str:
        return f"{self.selection} {self.category}"

    def _require(self, *allowed: str, step: str) -> None:
        if self.status not in allowed:
            raise PlanError(
                f"检查结果当前状态为“{ResultStatus(self.status).label}”，不能{step}。 "
                f"The result is {self.status}; this step needs: {', '.join(allowed)}.")

    @property
    def editable(self) -> bool:
        return self.status in {S.DRAFT, S.RETURNED}

    def require_editable(self) -> None:
        self._require(S.DRAFT, S.RETURNED, step="修改 edit it")

    def submit(self) -> None:
        self._require(S.DRAFT, S.RETURNED, step="提交 submit it")
        self.status = S.AWAITING_COSIGN

    def cosign(self, by: Any, when: Any) -> None:
        self._require(S.AWAITING_COSIGN, step="会签 co-sign it")
        self.status = S.SUBMITTED
        self.cosigned_by, self.cosigned_at = by, when

    def accept(self, by: Any, when: Any, note: str) -> None:
        self._require(S.SUBMITTED, step="审核通过 accept it")
        self.status = S.ACCEPTED
        self.reviewed_by, self.reviewed_at, self.review_note = by, when, note

    def return_for_correction(self, by: Any, when: Any, note: str) -> None:
        self._require(S.SUBMITTED, S.AWAITING_COSIGN, step="退回 return it")
        self.status = S.RETURNED
        self.reviewed_by, self.reviewed_at, self.review_note = by, when, note
        self.cosigned_by, self.cosigned_at = None, None

    def publish(self, when: Any) -> None:
        self._require(S.ACCEPTED, step="公示 publish it")
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
    original_name = models.CharField(_("文件名 file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result", "uploaded_at", "id"]
        verbose_name = _("附件 attachment")
        verbose_name_plural = _("附件 attachments")

    def __str__(self) -> str:
        return self.original_name
