"""import-programme: all rows or none, every bad row reported, typed cells,
one audit entry for a good file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils.translation import override

from qualitycert.audit.models import AuditEntry
from qualitycert.programmes.importers import KINDS, import_file
from qualitycert.programmes.models import GIProduct, TrainingSession
from qualitycert.testing.actors import as_actor
from qualitycert.tests.test_i18n import wrong_language

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_training_with_chinese_headers_and_labels(tmp_path, plan, supervisor):
    path = write(tmp_path, "t.csv",
                 "培训名称,培训日期,组织单位,主要对象,参训人数,参训企业数,其中内审员人数\n"
                 "标准宣贯,2026-03-01,区市场监管局,企业,40,20,5\n"
                 "执法培训,2026-04-01,fgw,inspectors,12,0,0\n")
    result = import_file("training", path, actor=as_actor(supervisor))
    assert result.ok and result.created == 2
    assert sorted(TrainingSession.objects.values_list("participants", flat=True)) == [12, 40]
    entry = AuditEntry.objects.get(action="programmes.import.training")
    assert entry.after["created"] == 2


BAD_TRAINING = ("title,held_on,organiser,audience,participants,internal_auditors\n"
                "好的,2026-03-01,scjgj,enterprises,40,5\n"
                "数字写成汉字,2026-03-01,scjgj,enterprises,四十,0\n"
                "日期,2026/03/01,scjgj,enterprises,4,0\n"
                "单位,2026-03-01,nowhere,enterprises,4,0\n"
                "超过总数,2026-03-01,scjgj,enterprises,4,5\n"
                "对象,2026-03-01,scjgj,students,4,0\n")


def test_one_bad_row_imports_none_and_every_error_is_reported(tmp_path, plan, supervisor):
    path = write(tmp_path, "t.csv", BAD_TRAINING)
    result = import_file("training", path, actor=as_actor(supervisor))
    assert not result.ok and result.error_count == 5
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 7]
    assert [str(e) for e in result.errors[:4]] == [
        "第3行“参训人数”列：应为非负整数：四十",
        "第4行“培训日期”列：日期应为YYYY-MM-DD：2026/03/01",
        "第5行“组织单位”列：没有此责任单位：nowhere",
        "第6行：内审员或执法人员人数超过参训人数"]
    assert str(result.errors[4]).startswith("第7行“主要对象”列：应为企业、")
    assert result.errors[0].code == "participants"
    assert not TrainingSession.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programmes.import").exists()


def test_the_report_in_english(tmp_path, plan, supervisor):
    path = write(tmp_path, "t.csv", BAD_TRAINING)
    with override("en"):
        result = import_file("training", path, actor=as_actor(supervisor))
        report = [str(e) for e in result.errors]
    assert report[:4] == [
        "Row 3, column “Participants”: Not a whole number: 四十",
        "Row 4, column “Held on”: A date is YYYY-MM-DD: 2026/03/01",
        "Row 5, column “Organised by”: No such unit: nowhere",
        "Row 6: More internal auditors or inspectors than participants"]
    assert report[4].startswith("Row 7, column “Main audience”: Expected one of enterprises, ")
    assert not wrong_language("\n".join(report).replace("四十", ""), "en", allowed=[])


def test_gi_products_with_users_and_a_duplicate(tmp_path, plan, supervisor, holder):
    header = "kind,name,area,authority,registration_number,registered_on,users\n"
    good = f"地理标志保护产品,茶淀葡萄,汉沽,国家知识产权局,G-1,2016-03-01,{holder.uscc}\n"
    path = write(tmp_path, "g.csv", header + good)
    assert import_file("gi-products", path, actor=as_actor(supervisor)).ok
    assert list(GIProduct.objects.get().users.all()) == [holder]
    again = import_file("gi-products", path, actor=as_actor(supervisor))
    assert not again.ok and "重复" in str(again.errors[0])
    assert GIProduct.objects.count() == 1


def test_department_users_cannot_import(tmp_path, plan, dept_user):
    from django.core.exceptions import PermissionDenied

    path = write(tmp_path, "t.csv", "title\nx\n")
    with pytest.raises(PermissionDenied):
        import_file("training", path, actor=as_actor(dept_user))


def test_command_exit_statuses(tmp_path, plan, supervisor):
    good = write(tmp_path, "e.csv", "department,certificate_number,body_name,issued_on,expires_on\n"
                                    "区市场监管局,GOV-1,某认证中心,2025-01-01,2027-12-31\n")
    out = io.StringIO()
    call_command("import_programme", "department-qms", str(good), "--signer", "supervisor",
                 stdout=out)
    assert "已导入1条" in out.getvalue()
    bad = write(tmp_path, "b.csv", "department,certificate_number,body_name,issued_on,expires_on\n"
                                   "区市场监管局,GOV-2,某认证中心,2025-01-01,2024-12-31\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_programme", "department-qms", str(bad), "--signer", "supervisor",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_.value.code == 1
    from django.core.management.base import CommandError
    missing = write(tmp_path, "m.csv", "department\n区市场监管局\n")
    with pytest.raises(CommandError):
        call_command("import_programme", "department-qms", str(missing), "--signer", "supervisor")


def test_every_kind_documents_its_columns():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "data-formats.md").read_text("utf-8")
    for code, kind in KINDS.items():
        assert f"import-programme {code}" in doc, code
        for column in kind.columns:
            assert f"`{column.name}`" in doc and column.label in doc, (code, column.name)
