"""A record of each registry import that changed something or was refused.

An import that changes nothing (the same file again) and a dry run that finds
no error leave no row here: re-importing must write nothing at all. Rows are
kept for applied imports (the batch the certificate events name) and for
refused ones (so the clerk can download the error report later).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportKind(models.TextChoices):
    CERTIFICATES = "certificates", _("证书")
    ENTERPRISES = "enterprises", _("企业")
    BODIES = "bodies", _("认证机构")
    LABS = "labs", pgettext_lazy("plural", "检验检测机构")


class ImportOutcome(models.TextChoices):
    APPLIED = "applied", _("已导入")
    REJECTED = "rejected", _("已拒绝")


class ImportBatch(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=ImportKind.choices)
    outcome = models.CharField(_("结果"), max_length=12, choices=ImportOutcome.choices)
    dry_run = models.BooleanField(_("仅校验"), default=False)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(_("文件SHA-256"), max_length=64, db_index=True)
    file_size = models.BigIntegerField(_("文件大小"), default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("操作人"))
    actor_label = models.CharField(_("签字人"), max_length=200)
    # The body a certification-body operator imported for; they see only these.
    body = models.ForeignKey("registry.CertificationBody", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("认证机构"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    holders_created = models.PositiveIntegerField(_("新建获证组织"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # SHA-256 over the sorted ids and keys of what the batch inserted (see
    # docs/data-formats.md), so a bulk insert is audited without an entry per row.
    created_digest = models.CharField(_("新增记录摘要"), max_length=64,
                                      blank=True)
    errors_sample = models.JSONField(_("错误示例"), default=list, blank=True)
    report_file = models.FileField(_("错误报告"), upload_to="import-reports/",
                                   blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        indexes = [models.Index(fields=["actor", "started_at"], name="import_actor_started")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.file_name} ({self.outcome})"

    @property
    def label(self) -> str:
        """How events and audit entries name the batch."""
        return f"导入批次 #{self.pk}（{self.file_name}）"
