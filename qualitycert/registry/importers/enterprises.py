"""Enterprise files (企业名录): new enterprises in bulk, changed ones one by one."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.lib.normalize import name_search_key

from ..models import Enterprise, EnterpriseSize, ImportBatch, LegalStatus
from . import cells
from .batch import Digest, RegistryChanged, bulk_insert, lock_for_insert
from .record_actions import ENTERPRISE_FIELDS, update_enterprise
from .records import UPDATE, RecordChecker
from .source import Progress, Spool

LOOKUP_BATCH = 900
# Plain values (not enum members): they travel through the marshal spool.
DEFAULTS: dict[str, Any] = {
    "address": "", "division_code": "", "industry_code": "",
    "legal_status": LegalStatus.ACTIVE.value, "size": EnterpriseSize.UNKNOWN.value,
    "is_tech_leader": False, "has_own_brand": False, "is_equipment_manufacturer": False,
}
INSERT_COLUMNS = (*ENTERPRISE_FIELDS, "name_key", "former_names", "created_at", "updated_at")


class EnterpriseChecker(RecordChecker):
    key = "uscc"
    required = frozenset({"uscc", "name"})
    parsers = {
        "uscc": cells.uscc_code,
        "name": lambda raw: cells.text(raw, max_length=200, required=True),
        "address": lambda raw: cells.text(raw, max_length=300),
        "division_code": cells.division_code,
        "industry_code": cells.industry_code,
        "legal_status": lambda raw: cells.choice(raw, cells.LEGAL_STATUSES),
        "size": lambda raw: cells.choice(raw, cells.SIZES),
        "is_tech_leader": cells.boolean,
        "has_own_brand": cells.boolean,
        "is_equipment_manufacturer": cells.boolean,
    }

    def existing(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), LOOKUP_BATCH):
            for values in Enterprise.objects.filter(
                    uscc__in=keys[start:start + LOOKUP_BATCH]).values(*ENTERPRISE_FIELDS):
                found[values["uscc"]] = values
        return found

    def diff(self, current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        changes = super().diff(current, values)
        # The same name typed with other spaces, punctuation or bracket widths
        # is no change: the registered spelling stays.
        if "name" in changes and name_search_key(changes["name"]) == name_search_key(
                current["name"]):
            del changes["name"]
        return changes

    def complete_new(self, values: dict[str, Any]) -> dict[str, Any]:
        return {**DEFAULTS, **values}


def write_enterprises(checker: EnterpriseChecker, spool: Spool, batch: ImportBatch, *,
                      actor: Actor, progress: Progress | None) -> dict[str, str]:
    lock_for_insert(Enterprise)
    now_db = connection.ops.adapt_datetimefield_value(timezone.now())
    last = Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    updates: list[tuple[Any, ...]] = []

    def new_rows() -> Any:
        for kind, _row, _key, values in spool:
            if kind == UPDATE:
                updates.append((_row, _key, values))
                continue
            yield (*(values[name] if name in values else DEFAULTS[name]
                     for name in ENTERPRISE_FIELDS),
                   name_search_key(values["name"])[:200], json.dumps([]), now_db, now_db)

    created = bulk_insert(Enterprise, INSERT_COLUMNS, new_rows())
    digest = Digest()
    digest.update(Enterprise.objects.filter(pk__gt=last).order_by("pk")
                  .values_list("pk", "uscc").iterator(chunk_size=10_000))
    if digest.count != created:
        raise RegistryChanged("enterprises")
    for row, uscc, changes in updates:
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            raise RegistryChanged(f"row {row}")
        update_enterprise(enterprise, changes=changes, actor=actor,
                          reason=f"{batch.label} 第{row}行")
    return {"created": digest.hexdigest()}

