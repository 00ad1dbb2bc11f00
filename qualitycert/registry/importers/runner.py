"""One import from file to registry: check every row, then write all or nothing.

    result = run_import(ImportKind.CERTIFICATES, path, actor=Actor.of(user))

Raises `TableError` for a file that cannot be read safely (too big, a zip or
XML bomb, not a table, a bad header) and `ImportNotAllowed` for an actor who
may not import this kind; everything else, including every bad row, is in the
returned `ImportResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor

from ..models import ImportKind
from .batch import RegistryChanged, finish_batch, record_rejected, start_batch
from .columns import (
    BODY_COLUMNS,
    CERTIFICATE_COLUMNS,
    ENTERPRISE_COLUMNS,
    LAB_COLUMNS,
    Column,
)
from .permissions import require_import
from .report import ErrorLog, ImportResult
from .source import Progress, Spool, file_facts, open_rows


@dataclass(frozen=True)
class Kind:
    columns: tuple[Column, ...]
    # (rows, errors, spool, only_body_id, today) -> checker with .run(), counts
    checker: Callable[..., Any]
    # (checker, spool, batch, actor=, progress=) -> digests
    writer: Callable[..., dict[str, str]]


def _kinds() -> dict[str, Kind]:
    from . import bodies, certificates, certificates_write, enterprises, labs

    return {
        ImportKind.CERTIFICATES: Kind(CERTIFICATE_COLUMNS, certificates.CertificateChecker,
                                      certificates_write.write_certificates),
        ImportKind.ENTERPRISES: Kind(ENTERPRISE_COLUMNS, enterprises.EnterpriseChecker,
                                     enterprises.write_enterprises),
        ImportKind.BODIES: Kind(BODY_COLUMNS, bodies.BodyChecker, bodies.write_bodies),
        ImportKind.LABS: Kind(LAB_COLUMNS, labs.LabChecker, labs.write_labs),
    }


def columns_for(kind: str) -> tuple[Column, ...]:
    return {ImportKind.CERTIFICATES: CERTIFICATE_COLUMNS,
            ImportKind.ENTERPRISES: ENTERPRISE_COLUMNS,
            ImportKind.BODIES: BODY_COLUMNS, ImportKind.LABS: LAB_COLUMNS}[ImportKind(kind)]


CHANGED_ZH = "导入期间登记簿发生了变化（他人同时修改了相同的数据），未写入任何数据，请重新导入"
CHANGED_EN = ("the registry changed while the file was being imported (someone changed the same "
              "records at the same time); nothing was written — run the import again")


def run_import(kind: ImportKind | str, path: str | Path, *, actor: Actor,
               filename: str | None = None, dry_run: bool = False, origin: str = "",
               max_bytes: int | None = None, progress: Progress | None = None,
               keep_report: bool = False, today: dt.date | None = None) -> ImportResult:
    kind = ImportKind(kind)
    only_body_id = require_import(actor, kind)
    spec = _kinds()[kind]
    today = today or timezone.localdate()
    errors = ErrorLog(labels={c.name: c.label_zh for c in spec.columns})
    spool = Spool()
    try:
        with open_rows(path, spec.columns, errors, filename=filename,
                       max_bytes=max_bytes, progress=progress) as rows:
            # Hashed only once the reader has accepted the file's size and kind.
            facts = file_facts(path, filename)
            result = ImportResult(kind=kind, file_name=facts.name, file_sha256=facts.sha256,
                                  file_size=facts.size, dry_run=dry_run, errors=errors)
            checker = spec.checker(rows, errors, spool, only_body_id=only_body_id,
                                   today=today)
            checker.run()
            result.rows = rows.count
        result.created, result.updated = checker.created, checker.updated
        result.unchanged = checker.unchanged
        result.holders_created = len(getattr(checker, "new_holders", ()))
        renames = getattr(checker, "renames", {})
        result.renamed = [(uscc, checker.holder_names[uscc], name)
                          for uscc, name in sorted(renames.items())]
        if progress is not None:
            progress(_("校验完成：%(rows)s 行，%(errors)s 个错误") % {
                "rows": f"{result.rows:,}", "errors": f"{result.errors.count:,}"})
        if result.errors:
            result.batch = record_rejected(kind, result, actor=actor, origin=origin,
                                           body_id=only_body_id, keep_report=keep_report)
            return result
        if dry_run or not (result.created or result.updated or result.renamed):
            return result
        try:
            with transaction.atomic():
                batch = start_batch(kind, facts, actor=actor, origin=origin,
                                    body_id=only_body_id)
                digests = spec.writer(checker, spool, batch, actor=actor, progress=progress)
                finish_batch(batch, result, actor=actor, origin=origin, digests=digests)
        except (IntegrityError, RegistryChanged):
            result.errors.add(0, "", "", CHANGED_ZH, CHANGED_EN)
            result.batch = record_rejected(kind, result, actor=actor, origin=origin,
                                           body_id=only_body_id, keep_report=keep_report)
            return result
        result.batch = batch
        return result
    finally:
        spool.close()
