"""import-labs: labs by CMA number, each created or changed lab audited."""

from __future__ import annotations

import datetime as dt

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Lab
from qualitycert.testing.actors import as_actor

from .import_files import write_csv


def lab(**changes: str) -> dict[str, str]:
    row = {"cma_number": "160012340123", "name": "滨海检测技术有限公司", "fields": "建筑材料；食品",
           "valid_from": "2024-03-01", "valid_until": "2030-02-28", "status": "有效"}
    row.update(changes)
    return row


def _import(tmp_path, rows, actor):
    return run_import("labs", write_csv(tmp_path / "l.csv", rows), actor=as_actor(actor))


def test_lab_created_then_changed_then_unchanged(tmp_path, supervisor):
    assert _import(tmp_path, [lab()], supervisor).created == 1
    saved = Lab.objects.get()
    assert saved.fields == ["建筑材料", "食品"] and saved.valid_until == dt.date(2030, 2, 28)
    assert _import(tmp_path, [lab(status="暂停")], supervisor).updated == 1
    assert Lab.objects.get().status == "suspended"
    entry = AuditEntry.objects.get(action="lab.update")
    assert (entry.before["status"], entry.after["status"]) == ("valid", "suspended")
    count = AuditEntry.objects.count()
    assert _import(tmp_path, [lab(status="暂停")], supervisor).unchanged == 1
    assert AuditEntry.objects.count() == count


def test_bad_rows(tmp_path, supervisor):
    rows = [lab(cma_number="16001234012"), lab(cma_number="169912340123"),
            lab(cma_number="160012340124", valid_until="2020-01-01"),
            lab(cma_number="160012340125", status="正常")]
    result = _import(tmp_path, rows, supervisor)
    assert [(e.row, e.column.split()[-1]) for e in result.errors] == [
        (2, "cma_number"), (3, "cma_number"), (4, "valid_until"), (5, "status")]
    assert not Lab.objects.exists()
