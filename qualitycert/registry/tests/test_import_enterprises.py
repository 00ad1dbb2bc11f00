"""import-enterprises: new ones in bulk with one batch entry, changes audited one by one."""

from __future__ import annotations

import pytest

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Enterprise
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_uscc

from .import_files import write_csv


def ent(n: int, **changes: str) -> dict[str, str]:
    row = {"uscc": make_uscc(40_000_000 + n), "name": f"滨海企业{n}有限公司",
           "address": f"天津市滨海新区第{n}大街1号", "division_code": "120116",
           "industry_code": "C3411", "legal_status": "存续"}
    row.update(changes)
    return row


def _import(tmp_path, rows, actor, **kw):
    return run_import("enterprises", write_csv(tmp_path / "e.csv", rows, **kw), actor=as_actor(actor))


def test_create_then_reimport_changes_nothing(tmp_path, supervisor):
    rows = [ent(n) for n in range(20)]
    result = _import(tmp_path, rows, supervisor)
    assert result.ok and result.created == 20
    assert Enterprise.objects.count() == 20
    entry = AuditEntry.objects.get(action="enterprise.import")
    assert entry.after["created"] == 20 and entry.actor == supervisor
    audits = AuditEntry.objects.count()
    again = _import(tmp_path, rows, supervisor)
    assert again.unchanged == 20 and again.batch is None
    assert AuditEntry.objects.count() == audits


def test_chinese_headers_and_optional_flags(tmp_path, supervisor):
    header = ["统一社会信用代码", "企业名称", "住所", "登记状态", "企业规模", "科技领军企业", "装备制造业"]
    row = ent(1)
    path = tmp_path / "e.csv"
    path.write_text(",".join(header) + "\n" + ",".join(
        [row["uscc"], row["name"], row["address"], "吊销", "小型", "是", "否"]) + "\n",
        encoding="gbk")
    assert run_import("enterprises", path, actor=as_actor(supervisor)).ok
    saved = Enterprise.objects.get()
    assert (saved.legal_status, saved.size, saved.is_tech_leader,
            saved.is_equipment_manufacturer) == ("revoked", "small", True, False)


def test_change_is_audited_and_old_name_kept(tmp_path, supervisor):
    _import(tmp_path, [ent(1)], supervisor)
    result = _import(tmp_path, [ent(1, name="滨海新名称有限公司", legal_status="deregistered")],
                     supervisor)
    assert result.ok and result.updated == 1
    saved = Enterprise.objects.get()
    assert saved.name == "滨海新名称有限公司" and saved.former_names == ["滨海企业1有限公司"]
    entry = AuditEntry.objects.get(action="enterprise.update")
    assert entry.before["legal_status"] == "active" and entry.after["legal_status"] == \
        "deregistered"
    assert first_break() is None


def test_empty_optional_cells_never_erase(tmp_path, supervisor):
    _import(tmp_path, [ent(1)], supervisor)
    result = _import(tmp_path, [ent(1, address="", industry_code="")], supervisor)
    assert result.unchanged == 1
    assert Enterprise.objects.get().address == "天津市滨海新区第1大街1号"


@pytest.mark.parametrize("column, value", [
    ("uscc", "91120116400000010X"), ("division_code", "12011"), ("industry_code", "3411"),
    ("legal_status", "破产"), ("name", "=cmd|' /C calc'!A0"),
])
def test_bad_cells_are_row_errors(tmp_path, supervisor, column, value):
    result = _import(tmp_path, [ent(1), ent(2, **{column: value})], supervisor)
    [error] = list(result.errors)
    assert error.row == 3 and error.column.endswith(column) and error.value == value
    assert not Enterprise.objects.exists()


def test_duplicate_uscc_in_file(tmp_path, supervisor):
    result = _import(tmp_path, [ent(1), ent(1, name="别名")], supervisor)
    assert [(e.row, "第2行" in e.reason_zh) for e in result.errors] == [(3, True)]


def test_operator_may_not_import_enterprises(tmp_path, cb_alice):
    from qualitycert.registry.importers import ImportNotAllowed

    with pytest.raises(ImportNotAllowed):
        _import(tmp_path, [ent(1)], cb_alice)
