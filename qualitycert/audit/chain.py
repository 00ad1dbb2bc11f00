"""Appending to and verifying the hash chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from . import log
from .models import GENESIS_HASH, AuditEntry, AuditHead, LeafKind


def to_jsonable(value: Any) -> Any:
    """Dates, decimals and model choices become strings, so what is hashed is
    exactly what the JSON column gives back."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def entry_digest(fields: dict[str, Any], prev_hash: str) -> str:
    canonical = json.dumps(
        {**fields, "prev_hash": prev_hash},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "seq": entry.seq,
        "at": at,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "reason": entry.reason,
        "before": entry.before,
        "after": entry.after,
    }


LEAF_VERSION = 1


def leaf_data(entry: AuditEntry) -> str:
    """An entry's canonical bytes as a log leaf (docs/transparency-log.md): the
    fields its chain hash covers, and both chain hashes."""
    return log.canonical_json({
        "v": LEAF_VERSION, "type": LeafKind.AUDIT.value, **hashed_fields(entry),
        "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash,
    })


class Signer(Protocol):
    """Who signs an entry: `qualitycert.accounts.actor.Actor` (the audit log
    sits below accounts, so it names the shape, not the class)."""

    @property
    def user(self) -> Any: ...

    def signature(self) -> str: ...


def append(
    *,
    action: str,
    object_type: str,
    object_id: str,
    actor: Signer | None,
    object_repr: str = "",
    actor_label: str = "",
    reason: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one entry, and its leaf in the transparency log; joins the
    caller's transaction (call it inside the action's `transaction.atomic()`
    so the change and its entry commit together). `actor` is None only for
    someone without an account (the anonymous public), whom `actor_label`
    then describes."""
    # The signature, or a caller's fuller label of the same signer (an import
    # batch adds where it was run from).
    label = actor_label or (actor.signature() if actor is not None else "")
    if not label:
        raise ValueError("an entry without an actor needs an actor_label saying who")
    with transaction.atomic():
        head = log.lock_head()
        entry = AuditEntry(
            seq=head.last_seq + 1,
            # Whole microseconds survive every backend's datetime column.
            at=timezone.now(),
            actor=None if actor is None else actor.user,
            actor_label=label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=str(object_repr)[:300],
            reason=reason,
            before=to_jsonable(before),
            after=to_jsonable(after),
            prev_hash=head.last_hash,
        )
        entry.entry_hash = entry_digest(hashed_fields(entry), head.last_hash)
        entry.save(force_insert=True)
        log.append_locked(head, [(LeafKind.AUDIT.value, entry.seq, leaf_data(entry))],
                          save_head=False)
        head.last_seq = entry.seq
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_seq", "last_hash", "tree_size"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int | None
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry #{self.seq} (id {self.entry_id})" if self.seq is not None else "chain head"
        return f"{where}: {self.reason}"


def iter_breaks(batch_size: int = 5000) -> Iterator[ChainBreak]:
    """Walk the chain in id order (the insertion order); yield every break."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.seq != expected_seq:
            yield ChainBreak(entry.seq, entry.id,
                             f"sequence number {entry.seq}, expected {expected_seq} "
                             "(an entry was removed or reordered)")
        if entry.prev_hash != expected_prev:
            yield ChainBreak(entry.seq, entry.id,
                             "previous-hash link does not match the entry before it")
        recomputed = entry_digest(hashed_fields(entry), entry.prev_hash)
        if recomputed != entry.entry_hash:
            yield ChainBreak(entry.seq, entry.id, "content does not match its hash (edited)")
        expected_prev = entry.entry_hash
        expected_seq = entry.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    last_seq, last_hash = expected_seq - 1, expected_prev
    if head is not None and (head.last_seq != last_seq or head.last_hash != last_hash):
        yield ChainBreak(None, None,
                         f"the chain head records entry #{head.last_seq}, the table ends at "
                         f"#{last_seq} (entries at the end were removed)")


def first_break() -> ChainBreak | None:
    return next(iter_breaks(), None)
