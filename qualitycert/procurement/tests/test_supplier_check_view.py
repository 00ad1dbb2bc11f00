"""/verify/suppliers/: upload, results table, result XLSX, templates."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .supplier_files import csv_bytes, result_sheet, xlsx_bytes, zip_bomb_xlsx

pytestmark = pytest.mark.django_db
URL = "/verify/suppliers/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, data, name="suppliers.xlsx", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, **extra)


def _download_link(page: str) -> str:
    found = re.search(r'href="(/verify/suppliers/results/[^"]+\.xlsx)"', page)
    assert found, "no download link on the page"
    return found.group(1)


def test_form_and_templates(client):
    page = client.get(URL)
    assert page.status_code == 200 and "供应商名单核验" in page.content.decode()
    xlsx = client.get("/verify/suppliers/template.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == XLSX
    header, _rows, _ = result_sheet(xlsx.content)
    assert header[:2] == ["供应商名称 supplier_name", "统一社会信用代码 uscc"]
    csv = client.get("/verify/suppliers/template.csv")
    assert csv.content.startswith("\ufeff供应商名称 supplier_name".encode())
    assert client.get("/verify/suppliers/template.pdf").status_code == 404


def test_anonymous_upload_shows_table_and_downloads_verdicts(client, cert_a, in_state, cert_b):
    in_state(cert_b, "suspended")
    response = _upload(client, xlsx_bytes([["", "", cert_a.number, "ISO9001"],
                                           ["", "", cert_b.number, ""],
                                           ["<b>假公司</b>", "", "FAKE-1", ""]]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'data-verdict="valid"' in page and 'data-verdict="suspended"' in page
    assert 'data-verdict="not_found"' in page
    assert "<b>假公司</b>" not in page and "&lt;b&gt;假公司&lt;/b&gt;" in page
    assert f'href="/c/{cert_a.body.approval_number}/{cert_a.number}/"' in page

    download = client.get(_download_link(page))
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert "attachment" in download["Content-Disposition"]
    header, rows, _ = result_sheet(b"".join(download.streaming_content))
    verdicts = [row[header.index("结论代码")] for row in rows]
    assert verdicts == ["valid", "suspended", "not_found"]


def test_signed_in_user_may_upload_too(client_for, supervisor, cert_a):
    response = _upload(client_for(supervisor), csv_bytes([["", "", cert_a.number, ""]]),
                       name="list.csv")
    assert response.status_code == 200 and 'data-verdict="valid"' in response.content.decode()


def test_hostile_files_are_refused_with_a_reason(client):
    bomb = _upload(client, zip_bomb_xlsx(), name="bomb.xlsx")
    assert bomb.status_code == 400
    assert "已拒绝" in bomb.content.decode() or "上限" in bomb.content.decode()
    renamed = _upload(client, "供应商名称\n甲\n".encode(), name="list.xlsx")
    assert renamed.status_code == 400
    assert "不是 Excel 工作簿" in renamed.content.decode()
    legacy = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="old.xls")
    assert legacy.status_code == 400 and ".xls" in legacy.content.decode()


def test_oversized_upload_is_refused_before_reading(client, settings):
    settings.QC_SUPPLIER_LIST_MAX_BYTES = 1024
    response = _upload(client, csv_bytes([["甲公司" * 50, "", "", ""]] * 20), name="big.csv")
    assert response.status_code == 413
    assert "大小上限" in response.content.decode()


def test_too_many_rows_is_a_clear_message(client, settings):
    settings.QC_SUPPLIER_LIST_MAX_ROWS = 2
    response = _upload(client, xlsx_bytes([["甲", "", "", ""]] * 3))
    assert response.status_code == 400
    assert "拆分" in response.content.decode()


def test_missing_file_is_a_400(client):
    assert client.post(URL, {}).status_code == 400


def test_uploads_are_rate_limited_by_rows(client, settings, cert_a):
    settings.QC_RATE_ANON_PER_MINUTE = 3
    data = csv_bytes([["", "", cert_a.number, ""]] * 200)  # costs 1 + 2 lookups
    assert _upload(client, data, name="a.csv").status_code == 200
    limited = _upload(client, data, name="a.csv")
    assert limited.status_code == 429 and limited["Retry-After"]


def test_unknown_or_other_token_is_404(client, cert_a):
    assert client.get("/verify/suppliers/results/not-a-real-token.xlsx").status_code == 404
    page = _upload(client, xlsx_bytes([["", "", cert_a.number, ""]])).content.decode()
    link = _download_link(page)
    tampered = link.replace(".xlsx", "x.xlsx")
    response = client.get(tampered)
    assert response.status_code == 404 and "过期" in response.content.decode()


def test_expired_result_is_404(client, cert_a, settings):
    settings.QC_SUPPLIER_RESULT_TTL_SECONDS = 0
    page = _upload(client, xlsx_bytes([["", "", cert_a.number, ""]])).content.decode()
    assert client.get(_download_link(page)).status_code == 404


def test_wrong_methods(client):
    assert client.put(URL).status_code == 405
    assert client.post("/verify/suppliers/template.csv").status_code == 405
    assert client.post("/verify/suppliers/results/x.xlsx").status_code == 405


def test_upload_needs_the_csrf_token(cert_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = _upload(strict, xlsx_bytes([["", "", cert_a.number, ""]]))
    assert response.status_code == 403


def test_page_reads_in_words_and_colours(client, cert_a, holder, monkeypatch):
    """Issue 11: no "matched" beside 未找到, no raw scores, a note on every
    non-valid row, the expiring-soon warning, scheme names, the example row."""
    from qualitycert.procurement import suppliers
    from qualitycert.testing.factories import make_enterprise

    monkeypatch.setattr(suppliers, "today", lambda: cert_a.expires_on - dt.timedelta(days=5))
    make_enterprise("天津滨海久琨国际物流有限公司")
    example = [c.example for c in suppliers.COLUMNS[:4]]
    response = _upload(client, xlsx_bytes([
        example,
        ["", "", cert_a.number, "质量管理体系"],
        ["天津滨海久琨国际贸易集团", "", "", ""],
        ["", holder.uscc, "NO-SUCH-9", ""],
    ]))
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<tr data-row="(\d+)" class="tone-(\w+)">', page)
    assert rows == [("2", "muted"), ("3", "warn"), ("4", "bad"), ("5", "bad")]
    assert "模板示例行，已忽略" in page and "有效，即将到期" in page
    assert 'data-verdict="no_certificate"' in page and "找到企业，未找到证书" in page
    assert "名称匹配" not in page and "最接近" in page
    assert page.count('class="advice"></td>') == 0  # every row here needs a note
    assert "1 张有效证书将在 30 天内到期" in page
    assert 'class="badge warn"' in page and 'class="badge bad"' in page


def test_page_in_english(client, cert_a):
    response = _upload(client, xlsx_bytes([["", "", "NO-SUCH-1", ""]]),
                       HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Not found" in page and "Neither the certificate nor the enterprise" in page
    assert "未找到" not in page


def test_put_is_405(client, db):
    assert client.put(URL).status_code == 405
