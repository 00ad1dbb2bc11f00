"""Supplier-list round trip in Debian's Chromium: download nothing but the
result, upload a workbook, read the table, download the XLSX and find the
verdicts in it."""

import io

import pytest
from openpyxl import load_workbook

from qualitycert.testing.browser import screenshot
from qualitycert.testing.browser_data import no_sideways_scroll, registry

from .supplier_files import xlsx_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phone", [pytest.param(False, id="desktop"),
                                   pytest.param(True, id="phone")])
def test_upload_see_table_download_verdicts(live_server, browser_page, tmp_path, phone):
    data = registry()
    data["withdraw"]()
    upload = tmp_path / "供应商名单.xlsx"
    upload.write_bytes(xlsx_bytes([
        ["天津滨海测试制造", "", "00125Q10001R0M", "ISO9001"],
        ["", data["holder"].uscc, "00125Q10002R0M", ""],
        ['=HYPERLINK("http://evil.example")', "", "FAKE-404", ""],
    ]))
    page = browser_page(phone=phone)
    page.goto(f"{live_server.url}/verify/suppliers/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button[type=submit]")
    page.wait_for_selector("table.results")
    verdicts = page.locator("table.results tbody td span.badge").evaluate_all(
        "els => els.map(e => e.dataset.verdict)")
    assert verdicts == ["valid", "withdrawn", "not_found"]
    assert no_sideways_scroll(page)
    screenshot(page, f"verification-suppliers-{'phone' if phone else 'desktop'}")

    with page.expect_download() as info:
        page.click("a.download")
    saved = tmp_path / "result.xlsx"
    info.value.save_as(saved)
    sheet = load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    column = header.index("核验结论 verdict")
    assert [r[column] for r in rows[1:]] == ["valid", "withdrawn", "not_found"]
    name_cell = sheet.cell(row=4, column=header.index("供应商名称 supplier_name") + 1)
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")
