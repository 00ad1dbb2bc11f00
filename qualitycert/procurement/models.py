"""Supplier-list results, kept briefly for their uploader to download."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupplierCheck(models.Model):
    """The result workbook of one supplier-list check, kept briefly so the
    uploader can download it. Reachable only through an unguessable token
    (stored here as its SHA-256 digest) and only until `expires_at`; the
    uploaded file itself is never kept."""

    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    file_name = models.CharField(_("文件名"), max_length=200)
    row_count = models.PositiveIntegerField(_("行数"))
    counts = models.JSONField(_("各结论数量"), default=dict)
    result_xlsx = models.BinaryField(editable=False)
    created_at = models.DateTimeField(_("核验时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("供应商名单核验结果")
        verbose_name_plural = _("供应商名单核验结果")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"
