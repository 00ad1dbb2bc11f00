"""Supplier-list results a procurement clerk cannot misread (issue 11 item 4):
one test per rule, then the result workbook opened with openpyxl."""

import datetime as dt

import pytest

from qualitycert.procurement import batch, presentation, suppliers
from qualitycert.testing.factories import make_enterprise

from .supplier_files import result_sheet, write, xlsx_bytes

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 1)


def _check(tmp_path, rows, on=ON):
    path = write(tmp_path, "list.xlsx", xlsx_bytes(rows))
    source = suppliers.read_supplier_list(path, file_name="list.xlsx")
    return suppliers.check_supplier_list(source, on=on)


# --- the API's verdicts, extended by adding ---------------------------------------------------


def test_no_certificate_is_its_own_verdict_and_extends_the_contract():
    assert batch.VERDICTS[:8] == ("valid", "suspended", "withdrawn", "cancelled", "expired",
                                  "not_found", "holder_mismatch", "ambiguous")
    assert "no_certificate" in batch.VERDICTS
    from typing import get_args

    from qualitycert.procurement.schemas import VerdictValue

    assert get_args(VerdictValue) == batch.VERDICTS


def test_enterprise_without_certificates_is_no_certificate_not_not_found(holder):
    result, = batch.verify_batch([batch.BatchItem(holder_uscc=holder.uscc)], on=ON)
    assert result.verdict == "no_certificate"
    result, = batch.verify_batch([batch.BatchItem(holder_name=holder.name)], on=ON)
    assert result.verdict == "no_certificate" and result.name_match.accepted


def test_unknown_number_with_a_known_holder_is_no_certificate(holder):
    item = batch.BatchItem(certificate_number="NO-SUCH-1", holder_uscc=holder.uscc)
    result, = batch.verify_batch([item], on=ON)
    assert result.verdict == "no_certificate"
    unknown = batch.BatchItem(certificate_number="NO-SUCH-1", holder_uscc="")
    assert batch.verify_batch([unknown], on=ON)[0].verdict == "not_found"


def test_holder_without_the_required_scheme_is_no_certificate(cert_a, holder):
    item = batch.BatchItem(holder_uscc=holder.uscc, required_scheme="HACCP")
    result, = batch.verify_batch([item], on=ON)
    assert result.verdict == "no_certificate" and result.scheme_covered is False


# --- scheme names ---------------------------------------------------------------------------


@pytest.mark.parametrize("required", ["质量管理体系", "质量管理体系认证", "ISO9001", "iso 9001",
                                      "Quality management system", "management_system"])
def test_required_scheme_by_name_code_or_category(cert_a, required):
    item = batch.BatchItem(certificate_number=cert_a.number, required_scheme=required)
    result, = batch.verify_batch([item], on=ON)
    assert result.scheme_covered is True, required


def test_unknown_scheme_is_explained_in_words(tmp_path, cert_a):
    checked = _check(tmp_path, [["", "", cert_a.number, "火星认证"]])
    outcome, = checked.outcomes
    assert "无法识别所要求的认证项目“火星认证”" in outcome.advice
    assert "未知的认证项目" not in outcome.advice


# --- words a clerk reads ----------------------------------------------------------------------


def test_near_name_is_not_shown_as_a_match(tmp_path, holder):
    make_enterprise("天津滨海久琨国际物流有限公司")
    checked = _check(tmp_path, [["天津滨海久琨国际贸易集团", "", "", ""]])
    outcome, = checked.outcomes
    assert outcome.verdict == "not_found"
    assert outcome.match is not None and not outcome.match.accepted
    assert "匹配" not in outcome.advice and "最接近" in outcome.advice
    assert str(outcome.match.score) not in outcome.advice
    assert outcome.matched_name == ""


def test_holder_mismatch_never_says_valid(tmp_path, cert_a):
    checked = _check(tmp_path, [["另一家贸易公司", "", cert_a.number, ""]])
    outcome, = checked.outcomes
    assert outcome.verdict == "holder_mismatch" and outcome.tone == presentation.BAD
    assert outcome.status_text == "不适用（证书属于其他企业）"
    assert "有效" not in outcome.label
    assert cert_a.holder.name in outcome.advice


def test_every_row_that_is_not_plainly_valid_has_advice(tmp_path, cert_a, cert_b, holder,
                                                        in_state):
    in_state(cert_b, "withdrawn")
    other = make_enterprise("无证书的测试公司")
    checked = _check(tmp_path, [
        ["", "", cert_a.number, ""],                 # valid, no advice needed
        ["", "", cert_b.number, ""],                 # withdrawn
        ["", "", "NO-SUCH-1", ""],                   # not found
        ["", other.uscc, "", ""],                    # enterprise found, certificate not
        ["别家公司", "", cert_a.number, ""],          # holder mismatch
        ["", "", cert_a.number, "HACCP"],            # valid, scheme not covered
        ["", "", "", "ISO9001"],                     # nothing to look up
    ])
    verdicts = [o.verdict for o in checked.outcomes]
    assert verdicts == ["valid", "withdrawn", "not_found", "no_certificate", "holder_mismatch",
                        "valid", "unchecked"]
    assert checked.outcomes[0].advice == "" and checked.outcomes[0].tone == presentation.OK
    for outcome in checked.outcomes[1:]:
        assert outcome.advice, outcome.verdict
        assert outcome.tone != presentation.OK
    assert "请勿采信" in checked.outcomes[1].advice
    assert checked.outcomes[3].label == "找到企业，未找到证书"
    assert checked.outcomes[5].label == "有效，但不满足认证要求"


def test_expiring_within_30_days_is_a_warning(tmp_path, cert_a):
    on = cert_a.expires_on - dt.timedelta(days=10)
    outcome, = _check(tmp_path, [["", "", cert_a.number, ""]], on=on).outcomes
    assert outcome.verdict == "valid" and outcome.expiring_soon
    assert outcome.label == "有效，即将到期" and outcome.tone == presentation.WARN
    assert cert_a.expires_on.isoformat() in outcome.advice and "10" in outcome.advice
    far = cert_a.expires_on - dt.timedelta(days=31)
    outcome, = _check(tmp_path, [["", "", cert_a.number, ""]], on=far).outcomes
    assert not outcome.expiring_soon and outcome.label == "有效"


def test_template_example_row_is_recognised_and_ignored(tmp_path, cert_a):
    example = [c.example for c in suppliers.COLUMNS[:4]]
    checked = _check(tmp_path, [example, ["", "", cert_a.number, ""]])
    first, second = checked.outcomes
    assert first.verdict == suppliers.EXAMPLE and first.tone == presentation.MUTED
    assert "示例行" in first.label and "示例行" in first.advice
    assert second.verdict == "valid"
    assert checked.counts == {"valid": 1, suppliers.EXAMPLE: 1}


def test_template_rows_are_the_example(tmp_path):
    for name, data in (("t.xlsx", suppliers.template_xlsx()), ("t.csv", suppliers.template_csv())):
        source = suppliers.read_supplier_list(write(tmp_path, name, data), file_name=name)
        assert [r.example for r in source.rows] == [True]


# --- the result workbook ------------------------------------------------------------------------


def test_workbook_verdict_first_coloured_codes_after(tmp_path, cert_a, cert_b, in_state):
    in_state(cert_b, "suspended")
    checked = _check(tmp_path, [
        ["", "", cert_a.number, "质量管理体系"],
        ["", "", cert_b.number, ""],
        ["", "", "NO-SUCH-1", ""],
    ])
    header, rows, sheet = result_sheet(suppliers.result_workbook(checked))
    assert header[:3] == ["核验结论", "说明与建议", "原行号"]
    code = header.index("结论代码")
    assert code > header.index("查询链接") > header.index("证书编号 certificate_number")
    assert [r[0] for r in rows] == ["有效", "暂停", "未找到"]
    assert [r[code] for r in rows] == ["valid", "suspended", "not_found"]
    fills = [sheet.cell(row=n, column=1).fill.fgColor.rgb[-6:] for n in (2, 3, 4)]
    assert fills == ["C6EFCE", "FFEB9C", "FFC7CE"]
    assert rows[0][1] in ("", None) and rows[1][1] and rows[2][1]
    assert rows[0][header.index("满足认证要求")] == "是"
    assert rows[0][header.index("认证项目")] == "质量管理体系认证"


def test_workbook_in_english(tmp_path, cert_a):
    from django.utils import translation

    with translation.override("en"):
        checked = _check(tmp_path, [["", "", cert_a.number, ""], ["", "", "NO-SUCH-1", ""]])
        header, rows, _sheet = result_sheet(suppliers.result_workbook(checked))
    assert header[:3] == ["Verdict", "What to do", "Source row"]
    assert [r[0] for r in rows] == ["Valid", "Not found"]
    assert rows[1][1].startswith("Neither the certificate nor the enterprise")
