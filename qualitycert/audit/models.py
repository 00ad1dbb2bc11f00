"""The tamper-evident audit log.

Each entry carries the SHA-256 of its own canonical content and of the entry
before it, so editing, deleting or reordering any row breaks the chain at that
row, and `qualitycert audit-verify` names it. The application only ever
appends: save() refuses updates and delete() refuses outright, and the single
`AuditHead` row (locked while appending) serialises writers so that two
concurrent transactions cannot fork the chain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .labels import action_label

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are never deleted")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("操作人"),
    )
    # A snapshot of who signed, kept even if the account is later renamed.
    actor_label = models.CharField(_("签字人"), max_length=200)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {action_label(self.action)} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries are never deleted")


class AuditHead(models.Model):
    """One row: the last sequence number and hash, and the transparency log's
    size. Locking it serialises appends to both, so that an action writing a
    certificate leaf and an audit entry takes one lock, never two in turn."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # Leaves in LogLeaf; a convenience for appending, never trusted by the
    # verifiers, which count the leaves themselves.
    tree_size = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


class LeafQuerySet(models.QuerySet["LogLeaf"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("log leaves are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("log leaves are never deleted")


class LeafKind(models.TextChoices):
    AUDIT = "audit", _("审计记录")
    CERTIFICATE = "certificate", _("证书状态")


class LogLeaf(models.Model):
    """One leaf of the transparency log (docs/transparency-log.md).

    `data` is the leaf's canonical bytes (UTF-8 JSON); `leaf_hash` is RFC
    9162's SHA-256(0x00 ‖ data). `subtrees` holds the hashes of the perfect
    subtrees this leaf completes (levels 1, 2 … while the index's low bits
    are ones), so every subtree hash is kept exactly once, with the leaf that
    closed it, and a tree head or proof reads O(log n) rows by primary key.
    `ref` says which row the leaf describes (an audit entry's `seq`, a
    certificate's id): a lookup aid, outside the hash.
    """

    index = models.BigIntegerField(_("叶序号"), primary_key=True)
    kind = models.CharField(_("类型"), max_length=16, choices=LeafKind.choices)
    ref = models.BigIntegerField(_("对象"))
    data = models.TextField(_("叶内容"))
    leaf_hash = models.BinaryField(max_length=32)
    subtrees = models.BinaryField(default=b"", blank=True)

    objects = LeafQuerySet.as_manager()

    class Meta:
        ordering = ["index"]
        verbose_name = _("日志叶")
        verbose_name_plural = _("日志叶")
        indexes = [models.Index(fields=["kind", "ref", "index"], name="leaf_kind_ref")]

    def __str__(self) -> str:
        return f"leaf {self.index} {self.kind} {self.ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("log leaves are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("log leaves are never deleted")
