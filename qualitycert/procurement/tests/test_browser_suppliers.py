"""The procurement clerk's journey in Debian's Chromium (issue 11 item 4):
download the template, fill it in (leaving its example row in, as people do),
upload it, read the coloured table, download the result and open it with
openpyxl to read the verdicts and their cell fills. A screenshot per step
under var/journeys/procurement/."""

import io

import pytest
from openpyxl import load_workbook

from qualitycert.testing.browser import screenshot
from qualitycert.testing.browser_data import no_sideways_scroll, registry

EXPECTED = [  # (verdict code, verdict in words, tone on the page, XLSX fill)
    ("example_row", "模板示例行，已忽略", "muted", "D9D9D9"),
    ("valid", "有效", "ok", "C6EFCE"),
    ("withdrawn", "撤销", "bad", "FFC7CE"),
    ("not_found", "未找到", "bad", "FFC7CE"),
    ("no_certificate", "找到企业，未找到证书", "bad", "FFC7CE"),
    ("holder_mismatch", "持证企业不符", "bad", "FFC7CE"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phone", [pytest.param(False, id="desktop"),
                                   pytest.param(True, id="phone")])
def test_template_upload_download_verdicts(live_server, browser_page, tmp_path, phone):
    size = "phone" if phone else "desktop"
    data = registry()
    data["withdraw"]()
    page = browser_page(phone=phone)
    page.goto(f"{live_server.url}/verify/suppliers/")
    assert page.locator("h1").inner_text() == "供应商名单核验"
    screenshot(page, f"procurement/01-form-{size}")

    # 1. The template, filled in below its example row.
    with page.expect_download() as info:
        page.click("a[href$='template.xlsx']")
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 2  # the header and the example row
    holder = data["holder"]
    for row in (
        ["", "", "00125Q10001R0M", "质量管理体系"],
        ["", holder.uscc, "00125Q10002R0M", ""],
        ['=HYPERLINK("http://evil.example")', "", "FAKE-404", ""],
        ["", holder.uscc, "NO-SUCH-9", ""],
        ["另一家贸易有限公司", "", "00125Q10001R0M", ""],
    ):
        sheet.append(row)
    sheet.cell(row=5, column=1).data_type = "s"  # text typed as '=… in Excel
    upload = tmp_path / "供应商名单.xlsx"
    workbook.save(upload)

    # 2. Upload; the table says each verdict in words, in colour, with advice.
    page.set_input_files("input[type=file]", str(upload))
    page.click("button[type=submit]")
    page.wait_for_selector("table.results")
    badges = page.locator("table.results tbody td span.badge")
    assert badges.evaluate_all("els => els.map(e => e.dataset.verdict)") == [
        e[0] for e in EXPECTED]
    assert [t.strip() for t in badges.all_inner_texts()] == [e[1] for e in EXPECTED]
    assert badges.evaluate_all("els => els.map(e => e.dataset.tone)") == [
        e[2] for e in EXPECTED]
    # Red and green are really painted, not only named.
    colours = badges.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert colours[1] == "rgb(27, 127, 59)" and colours[2] == "rgb(179, 38, 30)"
    advice = page.locator("table.results td.advice").all_inner_texts()
    assert advice[1] == "" and all(advice[n] for n in (0, 2, 3, 4, 5))
    assert "请勿采信" in advice[2]
    assert "名称匹配" not in page.content()
    assert no_sideways_scroll(page)
    page.locator("#results").scroll_into_view_if_needed()
    screenshot(page, f"procurement/02-results-{size}")

    # 3. Download the result and read it as a clerk's Excel would show it.
    with page.expect_download() as info:
        page.click("a.download")
    saved = tmp_path / "result.xlsx"
    info.value.save_as(saved)
    result = load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
    header = [c.value for c in result[1]]
    assert header[:3] == ["核验结论", "说明与建议", "原行号"]
    lines = list(result.iter_rows(min_row=2))
    assert [line[0].value for line in lines] == [e[1] for e in EXPECTED]
    assert [line[0].fill.fgColor.rgb[-6:] for line in lines] == [e[3] for e in EXPECTED]
    code = header.index("结论代码")
    assert code > header.index("查询链接")
    assert [line[code].value for line in lines] == [e[0] for e in EXPECTED]
    status = header.index("证书状态")
    assert lines[5][status].value == "不适用（证书属于其他企业）"
    name_cell = lines[3][header.index("供应商名称 supplier_name")]
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")
