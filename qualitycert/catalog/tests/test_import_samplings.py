"""import_samplings (function and command): all rows or none, row-level errors,
exit 1 on invalid rows and 2 on an unreadable file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog.importers import import_samplings
from qualitycert.catalog.models import SamplingRecord
from qualitycert.registry.models import Lab
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

HEADER = "统一社会信用代码,企业名称,产品名称,行业代码,检验机构资质认定编号,抽样日期,抽查计划,检验结论,不合格项目,检验报告编号"


@pytest.fixture
def maker(db):
    return make_enterprise("天津装备制造有限公司", is_equipment_manufacturer=True)


@pytest.fixture
def lab(db):
    return Lab.objects.create(cma_number="241212340123", name="天津测试检验中心")


def write_csv(tmp_path: Path, lines: list[str], name: str = "samplings.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_imports_every_row_with_audit(tmp_path, supervisor, maker, lab):
    path = write_csv(tmp_path, [
        f"{maker.uscc},天津装备制造有限公司,数控机床,C3421,{lab.cma_number},2026-03-05,2026年第一批,合格,,R-1",
        f"{maker.uscc.lower()},,减速机,C3453,,2026/3/6,2026年第一批,不合格,噪声；温升,R-2",
    ])
    result = import_samplings(path, actor=as_actor(supervisor), source="区级监督抽查")
    assert result.ok and result.created == 2
    failed = SamplingRecord.objects.get(report_number="R-2")
    assert (failed.result, failed.failed_items, failed.sampled_on, failed.lab) == (
        "fail", ["噪声", "温升"], dt.date(2026, 3, 6), None)
    assert SamplingRecord.objects.get(report_number="R-1").lab == lab
    assert failed.source == "区级监督抽查"
    assert AuditEntry.objects.get(action="catalog.samplings.import").after["rows"] == 2


def test_one_bad_row_means_nothing_is_written(tmp_path, supervisor, maker):
    path = write_csv(tmp_path, [
        f"{maker.uscc},,数控机床,,,2026-03-05,,合格,,R-1",
        "911201160000000000,,车床,,,2026-03-05,,合格,,R-2",
        f"{maker.uscc},,车床,,,2026-02-30,,合格,,R-3",
        f"{maker.uscc},,车床,,,2026-03-05,,待定,,R-4",
        f"{maker.uscc},,车床,,,2026-03-05,,合格,外观,R-5",
        f"{maker.uscc},,=cmd|' /C calc'!A0,,,2026-03-05,,合格,,R-6",
        f"{maker.uscc},,车床,,,2026-03-05,,合格,,R-1",
    ])
    result = import_samplings(path, actor=as_actor(supervisor))
    assert not result.ok
    assert SamplingRecord.objects.count() == 0
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6, 7, 8}
    assert by_row[3].column == "统一社会信用代码"
    assert by_row[4].column == "抽样日期"
    assert by_row[5].column == "检验结论"
    assert by_row[6].column == "不合格项目"
    assert "公式" in by_row[7].message
    assert str(by_row[8]) == "第8行“检验报告编号”列：报告编号R-1与第2行重复"
    assert by_row[8].code == "report_number"


def test_the_errors_in_english(tmp_path, supervisor, maker):
    path = write_csv(tmp_path, [
        f"{maker.uscc},,车床,,,2026-02-30,,合格,,R-1",
        f"{maker.uscc},,车床,,,2026-03-05,,待定,,R-2",
        f"{maker.uscc},,车床,,,2026-03-05,,合格,,R-3",
        f"{maker.uscc},,车床,,,2026-03-05,,合格,,R-3",
    ])
    with override("en"):
        result = import_samplings(path, actor=as_actor(supervisor))
        report = [str(e) for e in result.errors]
    assert report[0] == "Row 2, column “Sampled on”: “2026-02-30” is not a date (YYYY-MM-DD)"
    assert report[1].startswith("Row 3, column “Result”: “待定” is not one of: ")
    assert report[2] == "Row 5, column “Test report number”: Report R-3 repeats row 4"


def test_unknown_enterprise_lab_and_already_imported_report(tmp_path, supervisor, maker):
    stranger = make_enterprise("外区企业").uscc
    SamplingRecord.objects.create(enterprise=maker, product="旧样品", sampled_on=dt.date(2025, 1, 1),
                                  status="tested", result="pass", report_number="OLD-1")
    from qualitycert.registry.models import Enterprise

    Enterprise.objects.filter(uscc=stranger).delete()
    path = write_csv(tmp_path, [
        f"{stranger},,车床,,,2026-03-05,,合格,,N-1",
        f"{maker.uscc},,车床,,241212340999,2026-03-05,,合格,,N-2",
        f"{maker.uscc},,车床,,,2026-03-05,,合格,,OLD-1",
    ])
    result = import_samplings(path, actor=as_actor(supervisor))
    reasons = [e.message for e in result.errors]
    assert reasons[0] == f"企业{stranger}不在登记系统中，请先导入企业"
    assert reasons[1] == "检验机构241212340999不在登记系统中"
    assert reasons[2] == "报告编号OLD-1已导入过"
    assert SamplingRecord.objects.count() == 1


def test_xlsx_with_date_cells(tmp_path, supervisor, maker):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码", "产品名称", "抽样日期", "检验结论"])
    sheet.append([maker.uscc, "起重机", dt.datetime(2026, 4, 1), "合格"])
    path = tmp_path / "s.xlsx"
    workbook.save(path)
    assert import_samplings(path, actor=as_actor(supervisor)).created == 1
    assert SamplingRecord.objects.get().sampled_on == dt.date(2026, 4, 1)


def test_command_exit_statuses(tmp_path, supervisor, maker, capsys):
    good = write_csv(tmp_path, [f"{maker.uscc},,数控机床,,,2026-03-05,,合格,,C-1"], "good.csv")
    call_command("import_samplings", str(good), signer="supervisor")
    assert "已导入1条，未变0条" in capsys.readouterr().out
    bad = write_csv(tmp_path, [f"{maker.uscc},,数控机床,,,2026-03-05,,不知道,,C-2"], "bad.csv")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_samplings", str(bad), signer="supervisor")
    assert exit_info.value.code == 1
    assert "第2行" in capsys.readouterr().err
    missing_column = tmp_path / "header.csv"
    missing_column.write_text("统一社会信用代码,产品名称\nX,Y\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_samplings", str(missing_column), signer="supervisor")
    assert error.value.returncode == 2 and "抽样日期" in str(error.value)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as error:
        call_command("import_samplings", str(fake), signer="supervisor")
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command("import_samplings", str(tmp_path / "nope.csv"), signer="supervisor")
    assert error.value.returncode == 2
    assert SamplingRecord.objects.count() == 1
