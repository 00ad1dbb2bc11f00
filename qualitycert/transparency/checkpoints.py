"""Signing and reading checkpoints.

`sign_checkpoint` refuses to sign a tree head that is not consistent with the
last checkpoint it signed (c2sp.org/tlog-checkpoint: a log must never sign two
inconsistent checkpoints). So the daily `qualitycert checkpoint` is also an
alarm: if someone rewrote leaves the bureau has already signed, it stops and
says so instead of signing over the rewrite.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.audit import log
from qualitycert.lib import merkle, note
from qualitycert.verification import keyring

from .models import Checkpoint

TIME_PREFIX = "time "


class LogInconsistent(RuntimeError):
    """The tree no longer extends the last signed checkpoint."""


def origin() -> str:
    return str(settings.QC_LOG_ORIGIN)


def note_keys() -> list[note.NoteKey]:
    """Every checkpoint key this log has published, as note verifiers see them."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return [note.NoteKey(origin(), Ed25519PublicKey.from_public_bytes(raw))
            for raw in keyring.checkpoint_public_keys().values()]


def verifier_keys() -> list[str]:
    """The keys as Go's note package spells them (`name+id+key`)."""
    return [note.verifier_key(origin(), raw) for raw in keyring.checkpoint_public_keys().values()]


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-tree_size", "-id").first()


def signed_time(checkpoint: note.Checkpoint) -> dt.datetime | None:
    for line in checkpoint.extensions:
        if line.startswith(TIME_PREFIX):
            try:
                return dt.datetime.fromisoformat(line[len(TIME_PREFIX):])
            except ValueError:
                return None
    return None


def sign_checkpoint(*, now: dt.datetime | None = None) -> Checkpoint:
    """Sign the current tree head and add it to the public list."""
    now = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    with transaction.atomic():
        # Hold appends for the moment it takes to read the head: size and
        # root then describe one committed tree.
        head = log.lock_head()
        size = head.tree_size
        root = log.root(size)
        previous = latest()
        if previous is not None:
            _check_extends(previous, size, root)
        signer = keyring.checkpoint_signer()
        text = note.Checkpoint(origin(), size, root,
                               (TIME_PREFIX + now.isoformat().replace("+00:00", "Z"),)).text()
        return Checkpoint.objects.create(
            tree_size=size, root_hash=root.hex(), signed_at=now, kid=signer.kid,
            note=note.sign(text, origin(), signer.private_key))


def _check_extends(previous: Checkpoint, size: int, root: bytes) -> None:
    if size < previous.tree_size:
        raise LogInconsistent(
            _("日志只有 %(size)s 个叶，少于上一个检查点的 %(previous)s 个：叶被删除")
            % {"size": size, "previous": previous.tree_size})
    proof = log.consistency_proof(previous.tree_size, size)
    if not merkle.verify_consistency(previous.tree_size, size, previous.root, root, proof):
        raise LogInconsistent(
            _("日志前 %(previous)s 个叶与上一个检查点（签署于 %(signed)s）不一致：历史被改写")
            % {"previous": previous.tree_size,
               "signed": f"{previous.signed_at:%Y-%m-%d %H:%M}"})


def root_base64(root: bytes) -> str:
    return base64.b64encode(root).decode("ascii")
