"""Where the public lookup keeps its answers, and how they go out of date
(decision 0006; the rules are in qualitycert/verification/lookup.py's
docstring). Apart from the lookup so that writers (`sign_links`, the model
signals connected in apps.py) can say "answers changed" without importing the
view."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "lookup"


def cache_key(number_key: str, body_key: str | None, today: dt.date) -> str:
    # Hashed: a number may hold any character, and cache keys should not.
    raw = f"{number_key}\x1f{body_key or ''}\x1f{today.isoformat()}".encode()
    return "answer:" + hashlib.blake2b(raw, digest_size=16).hexdigest()


# --- the generation -------------------------------------------------------------------


class Generations:
    """The current generation of lookup answers, shared by every process that
    serves them (see the module docstring)."""

    KEY = "generation"

    def shared_cache(self) -> bool:
        return bool(settings.QC_REDIS_URL)

    def stamp(self) -> Path:
        return Path(settings.VAR_DIR) / "lookup-generation"

    def read_with(self, key: str) -> tuple[str, Any]:
        """(current generation, cache entry under `key` or None), in one round
        trip to a shared cache."""
        store = caches[CACHE_ALIAS]
        if self.shared_cache():
            found = store.get_many([self.KEY, key])
            return str(found.get(self.KEY, "")), found.get(key)
        try:
            stamp = os.stat(self.stamp())
            generation = f"{stamp.st_ino}:{stamp.st_size}"
        except FileNotFoundError:
            generation = ""
        return generation, store.get(key)

    def advance(self) -> None:
        """A new generation: every answer cached so far is out of date."""
        if self.shared_cache():
            caches[CACHE_ALIAS].set(self.KEY, uuid.uuid4().hex, None)
            return
        # One byte appended: the file's size only grows, so (inode, size) never
        # comes back to a value a reader has seen, and both an append (O_APPEND
        # of one byte is atomic between processes) and a stat() cost a few
        # microseconds. A million changes make a file of a megabyte.
        stamp = self.stamp()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(stamp, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, b".")
        finally:
            os.close(fd)


generations = Generations()


def forget_answers(using: str = "default") -> None:
    """What shows in a lookup answer is changing: out with every cached answer
    now, and again once the change commits (a lookup in between may have read
    the rows as they were before it)."""
    generations.advance()
    transaction.on_commit(generations.advance, using=using)


def _on_change(sender: Any, using: str = "default", **kwargs: Any) -> None:
    forget_answers(using)


def watched_models() -> list[Any]:
    """Rows whose change changes an answer (certificate, holder, body, scheme,
    stored link, signing key), and the import batch, saved at the end of an
    import that wrote certificates in bulk, without model signals."""
    from qualitycert.registry.models import (
        Certificate,
        CertificationBody,
        Enterprise,
        ImportBatch,
        Scheme,
    )

    from .models import SignedLink, SigningKey

    return [Certificate, Enterprise, CertificationBody, Scheme, SignedLink, SigningKey,
            ImportBatch]


def connect_invalidation() -> None:
    for model in watched_models():
        uid = f"qc-lookup-{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
