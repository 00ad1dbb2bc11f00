"""suppliers.py: reading a supplier list, checking it with batch.py's verdicts,
and the result workbook."""

import datetime as dt

import pytest

from qualitycert.lib.tabular import TableError
from qualitycert.procurement import batch, suppliers
from qualitycert.procurement.models import SupplierCheck

from .supplier_files import csv_bytes, result_sheet, write, xlsx_bytes, zip_bomb_xlsx

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 1)


def _check(tmp_path, data, name="list.xlsx"):
    source = suppliers.read_supplier_list(write(tmp_path, name, data), file_name=name)
    return suppliers.check_supplier_list(source, on=ON)


def test_verdicts_match_the_batch_api(tmp_path, cert_a, cert_b, holder, in_state):
    in_state(cert_b, "withdrawn")
    rows = [
        ["", "", cert_a.number, "ISO9001"],
        [holder.name, "", cert_b.number, ""],
        ["", holder.uscc, "", "management_system"],
        ["不存在的公司", "", "NO-SUCH-1", ""],
    ]
    checked = _check(tmp_path, xlsx_bytes(rows))
    expected = batch.verify_batch([
        batch.BatchItem(certificate_number=cert_a.number, required_scheme="ISO9001"),
        batch.BatchItem(holder_name=holder.name, certificate_number=cert_b.number),
        batch.BatchItem(holder_uscc=holder.uscc, required_scheme="management_system"),
        batch.BatchItem(holder_name="不存在的公司", certificate_number="NO-SUCH-1"),
    ], on=ON)
    assert [o.verdict for o in checked.outcomes] == [r.verdict for r in expected]
    assert [o.verdict for o in checked.outcomes] == ["valid", "withdrawn", "valid",
                                                      "not_found"]
    assert checked.outcomes[0].scheme_covered is True
    assert checked.outcomes[2].certificate.number == cert_a.number
    assert [o.row.row_number for o in checked.outcomes] == [2, 3, 4, 5]
    assert checked.counts == {"valid": 2, "withdrawn": 1, "not_found": 1}


def test_csv_with_chinese_only_headers_and_extra_columns(tmp_path, cert_a, holder):
    data = csv_bytes([["联系人甲", "天津滨海测试制造", cert_a.number]],
                     header=["联系人", "供应商", "证书号"])
    checked = _check(tmp_path, data, name="list.csv")
    assert checked.outcomes[0].verdict == "valid"
    assert checked.source.header == ("联系人", "供应商", "证书号")


def test_row_without_identifiers_is_reported_not_checked(tmp_path, cert_a):
    checked = _check(tmp_path, xlsx_bytes([["", "", "", "ISO9001"], ["", "", cert_a.number, ""]]))
    first, second = checked.outcomes
    assert first.verdict == suppliers.UNCHECKED and "未核验" in first.advice
    assert second.verdict == "valid"


def test_over_long_cell_is_not_checked(tmp_path):
    checked = _check(tmp_path, xlsx_bytes([["名" * 201, "", "", ""]]))
    assert checked.outcomes[0].verdict == suppliers.UNCHECKED
    assert "内容过长" in checked.outcomes[0].advice


def test_invalid_uscc_is_explained(tmp_path, holder):
    bad = holder.uscc[:-1] + ("0" if holder.uscc[-1] != "0" else "1")
    checked = _check(tmp_path, xlsx_bytes([["", bad, "", ""]]))
    assert checked.outcomes[0].verdict == "not_found"
    assert "统一社会信用代码有误" in checked.outcomes[0].note


def test_more_rows_than_the_limit_is_refused(tmp_path, settings):
    settings.QC_SUPPLIER_LIST_MAX_ROWS = 3
    with pytest.raises(TableError) as caught:
        _check(tmp_path, xlsx_bytes([[f"公司{i}", "", "", ""] for i in range(4)]))
    assert "3" in caught.value.message_zh and "split" in caught.value.message_en


def test_header_without_identifying_column_is_refused(tmp_path):
    with pytest.raises(TableError, match="供应商名称"):
        _check(tmp_path, xlsx_bytes([["x"]], header=["备注"]))


def test_header_only_is_refused(tmp_path):
    with pytest.raises(TableError, match="没有数据行"):
        _check(tmp_path, xlsx_bytes([]))


def test_zip_bomb_is_refused(tmp_path):
    with pytest.raises(TableError) as caught:
        _check(tmp_path, zip_bomb_xlsx(), name="bomb.xlsx")
    assert "zip bomb" in caught.value.message_en or "limit" in caught.value.message_en


def test_text_file_named_xlsx_is_refused(tmp_path):
    with pytest.raises(TableError, match="不是 Excel 工作簿"):
        _check(tmp_path, "供应商名称,证书编号\n甲,1\n".encode(), name="list.xlsx")


def test_formula_in_supplier_name_comes_back_as_text(tmp_path, cert_a):
    formula = '=HYPERLINK("http://evil.example","点击")'
    checked = _check(tmp_path, csv_bytes([[formula.replace(",", "，"), "", cert_a.number, ""],
                                          ["@SUM(1+1)", "", "", ""]]), name="list.csv")
    header, rows, sheet = result_sheet(suppliers.result_workbook(checked))
    name_col = header.index("供应商名称 supplier_name") + 1
    for excel_row in (2, 3):
        cell = sheet.cell(row=excel_row, column=name_col)
        assert cell.data_type == "s"
        assert cell.value in (formula.replace(",", "，"), "@SUM(1+1)")
    verdict_col = header.index("结论代码")
    # The number exists, but not for a company of that name.
    assert rows[0][verdict_col] == "holder_mismatch"
    assert rows[0][header.index("原行号")] == 2  # the source row number


def test_result_workbook_carries_the_certificate(tmp_path, cert_a, settings):
    checked = _check(tmp_path, xlsx_bytes([["", "", cert_a.number, "ISO9001"]]))
    header, rows, _sheet = result_sheet(suppliers.result_workbook(checked))
    row = dict(zip(header, rows[0], strict=True))
    assert row["核验证书编号"] == cert_a.number
    assert row["认证机构批准号"] == cert_a.body.approval_number
    assert row["满足认证要求"] == "是"
    assert row["核验结论"] == "有效" and row["结论代码"] == "valid"
    assert row["查询链接"].startswith(settings.PUBLIC_BASE_URL + "/c/")


def test_result_workbook_follows_the_language(tmp_path, cert_a):
    from django.utils import translation

    with translation.override("en"):
        checked = _check(tmp_path, xlsx_bytes([["", "", cert_a.number, "ISO9001"]]))
        header, rows, _sheet = result_sheet(suppliers.result_workbook(checked))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Verdict"] == "Valid" and row["Verdict code"] == "valid"
    assert row["What to do"] in ("", None)
    assert row["Required scheme covered"] == "Yes"


def test_kept_result_expires_and_is_purged(tmp_path, cert_a):
    checked = _check(tmp_path, xlsx_bytes([["", "", cert_a.number, ""]]))
    now = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
    kept, token = suppliers.keep_result(checked, now=now)
    assert kept.token_digest != token and token not in kept.token_digest
    assert suppliers.kept_result(token, now=now + dt.timedelta(minutes=59)) == kept
    assert suppliers.kept_result(token, now=now + dt.timedelta(minutes=61)) is None
    assert suppliers.kept_result("not-the-token", now=now) is None
    suppliers.keep_result(checked, now=now + dt.timedelta(hours=2))
    assert not SupplierCheck.objects.filter(pk=kept.pk).exists()


def test_templates_are_read_back(tmp_path):
    for name, data in (("t.xlsx", suppliers.template_xlsx()), ("t.csv", suppliers.template_csv())):
        source = suppliers.read_supplier_list(write(tmp_path, name, data), file_name=name)
        assert len(source.rows) == 1
        assert source.rows[0].item.holder_name == "天津滨海示例制造有限公司"
        assert source.rows[0].item.required_scheme == "ISO9001"
