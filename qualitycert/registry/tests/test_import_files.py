"""File formats and the command line: encodings, XLSX, hostile files, exit codes."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from qualitycert.registry.models import Certificate

from .import_files import cert_row, write_csv, write_xlsx


@pytest.fixture(autouse=True)
def _signer(supervisor):
    """The clerk whose --signer the commands below name, unless a test names another."""


def _run(*args, **options):
    """(exit status, stdout, stderr) of the command, as a shell would see them."""
    options.setdefault("signer", "supervisor")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_certificates", *args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_gbk_csv_with_chinese_headers(tmp_path, body_a):
    path = write_csv(tmp_path / "gbk.csv", [cert_row(n) for n in range(3)], encoding="gbk",
                     chinese=True)
    status, out, _ = _run(str(path))
    assert status == 0 and "新增 3" in out
    assert Certificate.objects.get(number="Q00000001").holder.name == "天津滨海导入测试1有限公司"


def test_xlsx_with_chinese_headers(tmp_path, body_a):
    status, out, _ = _run(str(write_xlsx(tmp_path / "c.xlsx", [cert_row(n) for n in range(3)])))
    assert "新增 3" in out
    assert status == 0 and Certificate.objects.count() == 3


def test_xlsx_dates_typed_as_dates(tmp_path, body_a):
    import datetime as dt

    rows = [cert_row(1)]
    path = write_xlsx(tmp_path / "c.xlsx", rows)
    book = load_workbook(path)
    book.active["G2"] = dt.datetime(2024, 3, 1)
    book.save(path)
    assert _run(str(path))[0] == 0
    assert Certificate.objects.get().issued_on == dt.date(2024, 3, 1)


def test_invalid_rows_exit_1_and_list_every_problem(tmp_path, body_a):
    rows = [cert_row(1, status="bad"), cert_row(2), cert_row(3, scheme_code="NOPE")]
    status, out, message = _run(str(write_csv(tmp_path / "c.csv", rows)))
    assert status == 1 and "未导入任何数据" in message
    assert out.splitlines()[0].startswith("第2行 [证书状态]")
    assert out.splitlines()[1].startswith("第4行 [认证项目代码]")


def test_report_xlsx_lists_the_errors(tmp_path, body_a):
    report = tmp_path / "report.xlsx"
    rows = [cert_row(1, holder_name="=1+2"), cert_row(2)]
    status, _, _ = _run(str(write_csv(tmp_path / "c.csv", rows)), report_xlsx=str(report))
    assert status == 1
    sheet = load_workbook(report).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # The column's label and its name as the header spells it, each in its own cell.
    [[row, label, column, value, reason]] = values
    assert (row, label, column, value) == (2, "获证组织名称", "holder_name", "=1+2")
    assert "公式" in reason
    # Written back as text, never as a formula Excel would run.
    assert sheet["D2"].data_type == "s"


def test_dry_run_writes_nothing(tmp_path, body_a):
    status, out, _ = _run(str(write_csv(tmp_path / "c.csv", [cert_row(1)])), dry_run=True)
    assert status == 0 and "未写入" in out and not Certificate.objects.exists()


def test_progress_goes_to_stderr(tmp_path, body_a, monkeypatch):
    from qualitycert.registry.importers import source

    monkeypatch.setattr(source, "PROGRESS_EVERY", 2)
    status, out, err = _run(str(write_csv(tmp_path / "c.csv", [cert_row(n) for n in range(5)])))
    assert status == 0 and "已读取 4 行" in err and "已读取" not in out


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return path


def _xml_bomb(path, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [cert_row(1)])
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet', 1)
            target.writestr(item, data)
    return path


@pytest.mark.parametrize("make, expect", [
    (lambda p, t: (p.with_suffix(".xlsx").write_text("<html><table></table></html>"),
                   p.with_suffix(".xlsx"))[1], "不是 Excel 工作簿"),
    (lambda p, t: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), p)[1],
     "旧版 .xls"),
    (lambda p, t: (p.write_bytes(b"certificate_number\n\xff\xfe\xfa\n"), p)[1],
     "既不是有效的 UTF-8 也不是 GBK"),
    (lambda p, t: _zip_bomb(p.with_suffix(".xlsx")), "压缩炸弹"),
    (lambda p, t: _xml_bomb(p.with_suffix(".xlsx"), t), "不安全的 XML"),
    (lambda p, t: (p.write_text("a,b\n1,2\n"), p)[1], "缺少必填列"),
    (lambda p, t: (p.write_bytes(b""), p)[1], "文件是空的"),
])
def test_unreadable_or_hostile_files_exit_2_with_one_line(tmp_path, body_a, make, expect):
    path = make(tmp_path / "hostile.csv", tmp_path)
    status, out, message = _run(str(path))
    assert status == 2 and expect in message and "\n" not in message and out == ""
    assert not Certificate.objects.exists()


def test_oversized_file_is_refused(tmp_path, body_a):
    path = write_csv(tmp_path / "c.csv", [cert_row(n) for n in range(20_000)])
    status, _, message = _run(str(path), max_mb=1)
    assert status == 2 and "超过上限" in message


def test_missing_file_and_unknown_actor_exit_2(tmp_path, body_a):
    assert _run(str(tmp_path / "nope.csv"))[0] == 2
    path = write_csv(tmp_path / "c.csv", [cert_row(1)])
    status, _, message = _run(str(path), signer="nobody")
    assert status == 2 and "nobody" in message


def test_actor_without_the_right_is_refused(tmp_path, body_a, inspector):
    status, _, message = _run(str(write_csv(tmp_path / "c.csv", [cert_row(1)])),
                              signer="inspector")
    assert status == 2 and "无权导入" in message and not Certificate.objects.exists()


def test_audit_verify_passes_after_imports(tmp_path, body_a, supervisor, cert_a):
    assert _run(str(write_csv(tmp_path / "c.csv", [cert_row(n) for n in range(50)])),
                signer="supervisor")[0] == 0
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "完整：" in out.getvalue()
