"""Bringing a registry older than the transparency log into it, once.

A database that had audit entries and certificates before the log existed
gets, in one migration: a leaf for every audit entry (in sequence order) and
a `register` leaf for every certificate as it stands. From then on every
change adds its own leaf. Whatever was changed before the backfill cannot be
told apart from what was signed; the first checkpoint after it is where the
outsider's guarantee starts (docs/transparency-log.md).
"""

from __future__ import annotations

from typing import Any

from qualitycert.audit import log
from qualitycert.audit.chain import leaf_data
from qualitycert.audit.models import LeafKind
from qualitycert.registry.leaves import append_registered

PAGE = 5000


def backfill(audit_entry_model: Any) -> int:
    """Leaves for what exists; nothing if the log already has leaves.
    `audit_entry_model` is the migration's historical model: only the fields
    the chain hashes are read from it."""
    if log.tree_size() or log.leaf(0) is not None:
        return 0
    entries = audit_entry_model.objects.order_by("seq")
    added = log.append_leaves(
        (LeafKind.AUDIT.value, entry.seq, leaf_data(entry))
        for entry in entries.iterator(chunk_size=PAGE))
    return len(added) + len(append_registered())
