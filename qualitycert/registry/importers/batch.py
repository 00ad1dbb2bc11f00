"""The import batch: who imported which file, what it did, and its one audit entry.

A bulk insert of a million certificates gets one audit entry per batch, not a
million: the entry records the file's SHA-256, the counts and a SHA-256 over
the sorted ids and keys of every row the batch inserted (`created_digest`), so
anyone can later recompute the digest from the tables and see that the rows
are the ones the signed batch inserted. Changes to existing rows go through
the ordinary actions and get their own entries.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import File
from django.db import connection
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append

from ..bulk import insert_rows
from ..models import ImportBatch, ImportKind, ImportOutcome
from .report import ImportResult, write_report_xlsx
from .source import FileFacts

SAMPLE_ERRORS = 100


class RegistryChanged(RuntimeError):
    """The registry changed between checking and writing; nothing was written."""


def bulk_insert(model: type[Any], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """bulk.insert_rows with the driver's errors turned into Django's: COPY runs
    on the raw psycopg cursor, so a unique violation would otherwise escape as
    psycopg's own exception rather than django.db.IntegrityError."""
    with connection.wrap_database_errors:
        return insert_rows(model, columns, rows)


def lock_for_insert(*models: type[Any]) -> None:
    """Keep other writers out of these tables until the import commits, so the
    rows read back by id after the bulk insert are exactly this batch's.
    SQLite needs nothing: the transaction began IMMEDIATE and holds the only
    write lock. PostgreSQL readers are not blocked by this mode."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def command_line_origin() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in a bare container
        user = "unknown"
    return f"命令行导入，操作系统用户 {user}"


class Digest:
    """SHA-256 over lines fed in ascending id order: one line per created row."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.count = 0

    def add(self, *parts: object) -> None:
        self._hash.update(("\t".join(map(str, parts)) + "\n").encode("utf-8"))
        self.count += 1

    def update(self, rows: Iterable[tuple[object, ...]]) -> None:
        for row in rows:
            self.add(*row)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def start_batch(kind: ImportKind, facts: FileFacts, *, actor: Actor, origin: str,
                body_id: int | None) -> ImportBatch:
    """Call inside the writing transaction: events name the batch by its id."""
    return ImportBatch.objects.create(
        kind=kind, outcome=ImportOutcome.APPLIED, file_name=facts.name[:200],
        file_sha256=facts.sha256, file_size=facts.size,
        actor=actor.user, actor_label=_label(actor, origin), body_id=body_id,
        started_at=timezone.now())


def _label(actor: Actor, origin: str) -> str:
    label = actor.signature()
    return (f"{label}（{origin}）" if origin else label)[:200]


def finish_batch(batch: ImportBatch, result: ImportResult, *, actor: Actor, origin: str,
                 digests: dict[str, str]) -> None:
    """Fill in the counts and write the batch's audit entry (same transaction)."""
    batch.rows, batch.created = result.rows, result.created
    batch.updated, batch.unchanged = result.updated, result.unchanged
    batch.holders_created = result.holders_created
    batch.created_digest = digests.get("created", "")
    batch.finished_at = timezone.now()
    batch.save(update_fields=["rows", "created", "updated", "unchanged", "holders_created",
                              "created_digest", "finished_at"])
    audit_append(
        action=f"{_AUDIT_NOUN[ImportKind(batch.kind)]}.import", object_type="registry.importbatch",
        object_id=str(batch.pk), object_repr=batch.label, actor=actor,
        actor_label=batch.actor_label,
        reason=f"批量导入：{batch.file_name}" + (f"；{origin}" if origin else ""),
        after={"file_name": batch.file_name, "file_sha256": batch.file_sha256,
               "file_size": batch.file_size, "rows": result.rows, "created": result.created,
               "updated": result.updated, "unchanged": result.unchanged,
               "holders_created": result.holders_created, "digests": digests})


_AUDIT_NOUN = {ImportKind.CERTIFICATES: "certificate", ImportKind.ENTERPRISES: "enterprise",
               ImportKind.BODIES: "body", ImportKind.LABS: "lab"}


def record_rejected(kind: ImportKind, result: ImportResult, *, actor: Actor, origin: str,
                    body_id: int | None, keep_report: bool) -> ImportBatch:
    """A refused file: kept so the clerk can come back for the report. Nothing
    in the registry or the audit log changes."""
    now = timezone.now()
    batch = ImportBatch(
        kind=kind, outcome=ImportOutcome.REJECTED, dry_run=result.dry_run,
        file_name=result.file_name[:200], file_sha256=result.file_sha256,
        file_size=result.file_size, actor=actor.user,
        actor_label=_label(actor, origin), body_id=body_id, started_at=now, finished_at=now,
        rows=result.rows, error_count=result.errors.count,
        errors_sample=[e.as_list() for e in result.errors.first[:SAMPLE_ERRORS]])
    batch.save()
    if keep_report:
        import tempfile

        with tempfile.TemporaryFile() as handle:
            write_report_xlsx(result.errors, handle)
            handle.seek(0)
            batch.report_file.save(f"import-{batch.pk}-errors.xlsx", File(handle), save=True)
    return batch
