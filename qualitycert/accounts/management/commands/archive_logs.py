"""`qualitycert archive-logs --out FILE.jsonl.gz`: the archive step of the log
retention (等保 level 3: 审计记录保存不少于六个月).

Writes every security event and audit entry older than the cut-off
(QC_LOG_RETENTION_DAYS, default three years, never under 180 days) to one
gzip'd JSON-lines file, flushed to disk, then removes the archived security
events from the database. Audit entries are copied, never removed: each
links to the one before it, and `audit-verify` checks the whole chain. Keep
the file where the bureau keeps its records (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from qualitycert.accounts.models import SecurityEvent
from qualitycert.audit.models import AuditEntry

MIN_RETENTION_DAYS = 180


class Command(BaseCommand):
    help = "Archive security events and audit entries past the retention period to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="the archive file (.jsonl.gz)")
        parser.add_argument("--older-than-days", type=int, default=None,
                            help="cut-off in days (default and minimum: QC_LOG_RETENTION_DAYS)")
        parser.add_argument("--keep", action="store_true",
                            help="write the archive but remove nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        retention = int(settings.QC_LOG_RETENTION_DAYS)
        days = options["older_than_days"] if options["older_than_days"] is not None else retention
        if days < max(retention, MIN_RETENTION_DAYS):
            raise CommandError(f"--older-than-days {days} is inside the retention period "
                               f"({retention} days; never under {MIN_RETENTION_DAYS})")
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} exists; archives are never overwritten")
        cutoff = timezone.now() - dt.timedelta(days=days)
        with transaction.atomic():
            events = SecurityEvent.objects.filter(at__lt=cutoff).order_by("at", "id")
            entries = AuditEntry.objects.filter(at__lt=cutoff).order_by("seq")
            counts = self._write(out, cutoff, events, entries)
            removed = 0 if options["keep"] else events.remove_archived_before(cutoff)
        self.stdout.write(f"archived {counts[0]} security events and {counts[1]} audit "
                          f"entries older than {cutoff:%Y-%m-%d} to {out}; removed "
                          f"{removed} security events (audit entries stay in the chain)")

    @staticmethod
    def _write(out: Path, cutoff: dt.datetime, events: Any, entries: Any) -> tuple[int, int]:
        n_events = n_entries = 0
        tmp = out.with_name(out.name + ".partial")
        with gzip.open(tmp, "wt", encoding="utf-8") as handle:
            handle.write(json.dumps({"archive": "qualitycert-logs", "cutoff": cutoff,
                                     "written_at": timezone.now()}, cls=DjangoJSONEncoder) + "\n")
            for event in events.iterator():
                handle.write(json.dumps({"log": "security", "at": event.at, "kind": event.kind,
                                         "username": event.username, "actor": event.actor,
                                         "address": event.address, "detail": event.detail},
                                        cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
                n_events += 1
            for entry in entries.iterator():
                handle.write(json.dumps({
                    "log": "audit", "seq": entry.seq, "at": entry.at, "action": entry.action,
                    "object_type": entry.object_type, "object_id": entry.object_id,
                    "object_repr": entry.object_repr, "actor_label": entry.actor_label,
                    "reason": entry.reason, "before": entry.before, "after": entry.after,
                    "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash,
                }, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
                n_entries += 1
        with tmp.open("rb") as written:
            os.fsync(written.fileno())
        tmp.rename(out)
        return n_events, n_entries
