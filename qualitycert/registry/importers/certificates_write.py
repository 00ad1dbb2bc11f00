"""Writing a checked certificate file, all of it in one transaction.

New holders and new certificates go in through `bulk.insert_rows`
(executemany on SQLite, COPY on PostgreSQL), each new certificate with its
`issue` event signed by the importing actor and naming the batch (and, when
the file gives another status, the event that led there), and its `register`
leaf in the transparency log (leaves.py), built from the values just inserted
as the ids are read back, not by reading every row back again. Changed
certificates go through the lifecycle actions one by one. The batch gets one
audit entry (see batch.py).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.audit import log
from qualitycert.audit.models import LeafKind

from ..actions import RegistryError
from ..leaves import registered_leaf
from ..models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    Enterprise,
    EventKind,
    ImportBatch,
    InvalidTransition,
)
from ..models.reasons import parse_reason
from .batch import Digest, RegistryChanged, bulk_insert, lock_for_insert
from .certificates import NEW, UPDATE, CertificateChecker, Spooled
from .lifecycle import CertRow, CertState, PlanError, plan_update, run_steps
from .record_actions import update_enterprise
from .source import Progress, Spool

S = CertificateStatus
READ_BACK = 10_000
ENTERPRISE_COLUMNS = ("uscc", "name", "name_key", "former_names", "address", "division_code",
                      "industry_code", "legal_status", "size", "is_tech_leader", "has_own_brand",
                      "is_equipment_manufacturer", "created_at", "updated_at")
CERTIFICATE_COLUMNS = ("number", "body_id", "holder_id", "scheme_id", "scope", "sites",
                       "issued_on", "expires_on", "status", "status_changed_on", "status_reason",
                       "status_signed_by_id", "status_signer_name", "last_surveillance_on",
                       "updated_at", "status_reason_code")
EVENT_COLUMNS = ("certificate_id", "kind", "occurred_on", "recorded_at", "signed_by_id",
                 "signer_name", "reason", "from_status", "to_status", "details", "reason_code")
# The event that brings a just-issued certificate to the status the file gives.
ARRIVAL = {S.SUSPENDED: EventKind.SUSPEND, S.WITHDRAWN: EventKind.WITHDRAW,
           S.CANCELLED: EventKind.CANCEL, S.EXPIRED: EventKind.EXPIRE}


def _max_id(model: type[Any]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0)


def create_holders(new_holders: dict[str, str], now_db: Any) -> tuple[dict[str, int], str]:
    """Insert holders not yet registered; return uscc -> id and the digest of
    the created rows (id, uscc in id order)."""
    if not new_holders:
        return {}, ""
    from qualitycert.lib.normalize import name_search_key

    before = _max_id(Enterprise)
    bulk_insert(Enterprise, ENTERPRISE_COLUMNS, (
        (uscc, name, name_search_key(name)[:200], "[]", "", uscc[2:8], "", "active", "",
         False, False, False, now_db, now_db)
        for uscc, name in new_holders.items()))
    ids: dict[str, int] = {}
    digest = Digest()
    for pk, uscc in (Enterprise.objects.filter(pk__gt=before).order_by("pk")
                     .values_list("pk", "uscc").iterator(chunk_size=READ_BACK)):
        if uscc in new_holders:
            ids[uscc] = pk
            digest.add(pk, uscc)
    if len(ids) != len(new_holders):
        raise RegistryChanged("holders")
    return ids, digest.hexdigest()


def write_certificates(checker: CertificateChecker, spool: Spool, batch: ImportBatch, *,
                       actor: Actor, progress: Progress | None) -> dict[str, str]:
    """Runs inside the caller's transaction; returns the batch digests."""
    lock_for_insert(Enterprise, Certificate, CertificateEvent)
    now_db = connection.ops.adapt_datetimefield_value(timezone.now())
    digests: dict[str, str] = {}
    created_holders, digests["holders_created"] = create_holders(checker.new_holders, now_db)
    holder_ids = checker.holder_ids
    holder_ids.update(created_holders)

    signer_id, signer = actor.user_id, actor.signature()
    label = batch.label
    today = timezone.localdate().isoformat()
    before = _max_id(Certificate)
    updates: list[Spooled] = []

    def new_rows() -> Any:
        for record in map(Spooled._make, spool):
            if record.kind == UPDATE:
                updates.append(record)
                continue
            since, why, code = _arrival(record, label, today)
            yield (record.number, record.body_id, holder_ids[record.holder_uscc],
                   record.scheme_id, record.scope,
                   json.dumps(record.sites, ensure_ascii=False) if record.sites else "[]",
                   record.issued_on, record.expires_on, record.status, since, why, signer_id,
                   signer, record.last_surveillance_on, now_db, code)

    created = bulk_insert(Certificate, CERTIFICATE_COLUMNS, new_rows())
    if progress is not None and created:
        progress(_("已写入证书：%(n)s") % {"n": f"{created:,}"})
    digests["created"] = _write_events(spool, before, batch, checker, now_db, signer_id, signer,
                                       today)
    # Only needed for the holders' names in the leaves.
    checker.new_holders.clear()
    if progress is not None and created:
        progress(_("已写入颁证事件和透明日志叶：%(n)s") % {"n": f"{created:,}"})
    for uscc, name in sorted(checker.renames.items()):
        # The holder's new name, the old one kept as 曾用名, audited and in the log.
        update_enterprise(Enterprise(pk=holder_ids[uscc]), changes={"name": name}, actor=actor,
                          reason=f"{label}：获证组织更名")
    for record in updates:
        row = record.cert_row()
        _apply_update(row, actor=actor, today=timezone.localdate(),
                      reason=row.status_reason or f"{label} 第{row.row}行",
                      by_bureau=checker.by_bureau)
    return digests


def _arrival(record: Spooled, label: str, today: str) -> tuple[str, str, str]:
    """When and why a new certificate has the status the file gives it: the
    date, the reason as recorded and its standard ground ("" for free text;
    a cell may give a ground by its code or label, models/reasons.py)."""
    status, issued, expires = record.status, record.issued_on, record.expires_on
    changed_on, reason = record.status_changed_on, record.status_reason
    if status == S.VALID:
        return issued, label, ""
    if changed_on:
        since = changed_on
    elif status == S.EXPIRED:
        since = (dt.date.fromisoformat(expires) + dt.timedelta(days=1)).isoformat()
    else:
        since = today
    if not reason:
        return since, label, ""
    given = parse_reason(ARRIVAL[S(status)], reason)
    return since, given.text(), given.code


def _write_events(spool: Spool, before: int, batch: ImportBatch, checker: CertificateChecker,
                  now_db: Any, signer_id: int | None, signer: str, today: str) -> str:
    """The issue event (and arrival event) and the `register` leaf of every
    certificate this batch inserted. Ids are read back in order and paired
    with the spooled rows in the order they were inserted; returns the digest
    of the created rows."""
    approval = {info.id: number for number, info in checker.bodies.items()}
    scheme_code = {pk: code for code, pk in checker.schemes.items()}
    # A holder's name as its row has it: registered, or created by this batch.
    # (A rename the file asks for is applied after, with its own leaves.)
    registered_names, new_names = checker.holder_names, checker.new_holders
    certificate = LeafKind.CERTIFICATE.value
    reason = f"批量导入颁证：{batch.label}"
    details = json.dumps({"import_batch": batch.pk})
    digest = Digest()
    records = (record for record in map(Spooled._make, spool) if record.kind == NEW)
    last = before
    while True:
        ids = list(Certificate.objects.filter(pk__gt=last).order_by("pk")
                   .values_list("pk", "number")[:READ_BACK])
        if not ids:
            break
        events: list[tuple[Any, ...]] = []
        leaves: list[log.NewLeaf] = []
        for (pk, number), record in zip(ids, records, strict=False):
            if number != record.number:
                raise RegistryChanged("certificate ids")
            body = approval[record.body_id]
            digest.add(pk, body, number)
            issued, status = record.issued_on, record.status
            events.append((pk, "issue", issued, now_db, signer_id, signer, reason, "", "valid",
                           details, ""))
            if status != S.VALID:
                since, why, code = _arrival(record, batch.label, today)
                events.append((pk, ARRIVAL[S(status)].value, since, now_db, signer_id, signer,
                               why, "valid", status, details, code))
            else:
                since = issued
            uscc = record.holder_uscc
            name = registered_names.get(uscc)
            leaves.append((certificate, pk, registered_leaf(
                number, body, uscc, new_names[uscc] if name is None else name,
                scheme_code[record.scheme_id], status, issued, record.expires_on,
                record.last_surveillance_on, record.scope, record.sites, on=since,
                signer=signer)))
        bulk_insert(CertificateEvent, EVENT_COLUMNS, events)
        log.append_leaves(leaves)
        last = ids[-1][0]
    if next(records, None) is not None:
        raise RegistryChanged("certificate ids")
    return digest.hexdigest()


def _apply_update(row: CertRow, *, actor: Actor, today: dt.date, reason: str,
                  by_bureau: bool) -> None:
    cert = (Certificate.objects.select_related("body", "holder", "scheme")
            .filter(body_id=row.body_id, number=row.number).first())
    if cert is None:
        raise RegistryChanged(f"row {row.row}")
    [state] = CertState.read(Certificate.objects.filter(pk=cert.pk))
    try:
        steps = plan_update(state, row, today=today, by_bureau=by_bureau)
        run_steps(cert, steps, actor=actor, reason=reason)
    except (PlanError, InvalidTransition, RegistryError) as exc:
        raise RegistryChanged(f"row {row.row}: {exc}") from exc

