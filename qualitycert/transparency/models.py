"""Signed checkpoints of the transparency log (docs/transparency-log.md).

A checkpoint is the tree head (size, root, time) signed by the bureau's
checkpoint key as a C2SP signed note. Once published it is the outsider's
anchor: whoever keeps one can later ask for a consistency proof and see that
nothing in the first `tree_size` leaves was removed or rewritten. The list is
append-only, like the log.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycert.audit.models import AppendOnlyError


class Checkpoint(models.Model):
    tree_size = models.BigIntegerField(_("叶数"))
    root_hash = models.CharField(_("根哈希"), max_length=64)
    signed_at = models.DateTimeField(_("签署时间"))
    kid = models.CharField(_("密钥标识"), max_length=64)
    note = models.TextField(_("签名检查点"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("日志检查点")
        verbose_name_plural = _("日志检查点")
        indexes = [models.Index(fields=["tree_size"], name="checkpoint_size")]

    def __str__(self) -> str:
        signed = timezone.localtime(self.signed_at)
        return f"{self.tree_size} {self.root_hash[:12]} {signed:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("checkpoints are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("checkpoints are never deleted")

    @property
    def root(self) -> bytes:
        return bytes.fromhex(self.root_hash)

    @property
    def root_base64(self) -> str:
        return base64.b64encode(self.root).decode("ascii")
