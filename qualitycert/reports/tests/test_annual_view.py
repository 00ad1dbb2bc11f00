"""/reports/annual/?year=Y&format=F: the three downloads, for the bureau only."""

import io

import pytest
from openpyxl import load_workbook

URL = "/reports/annual/"


@pytest.mark.parametrize(("fmt", "content_type", "magic"), [
    ("html", "text/html; charset=utf-8", b"<!doctype html>"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("pdf", "application/pdf", b"%PDF-"),
])
def test_supervisor_downloads(client_for, supervisor, registry, fmt, content_type, magic):
    response = client_for(supervisor).get(URL, {"year": "2025", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="qualitycert-annual-report-2025.{fmt}"')
    assert response.content.startswith(magic)


def test_xlsx_download_holds_the_figures(client_for, admin_user, registry):
    response = client_for(admin_user).get(URL, {"year": "2025", "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    total = next(r for r in rows if r and r[0] == "全部")
    assert total[1:3] == (8, 12)


@pytest.mark.parametrize(("params", "reason"), [
    ({"year": "1999", "format": "pdf"}, "2000"),
    ({"year": "abcd", "format": "pdf"}, "四位数字"),
    ({"year": "2025", "format": "doc"}, "html、pdf 或 xlsx"),
    ({"format": "pdf"}, "请选择年度"),
])
def test_bad_input_is_a_400_with_a_reason(client_for, supervisor, params, reason):
    response = client_for(supervisor).get(URL, params)
    assert response.status_code == 400
    assert reason in response.content.decode()


def test_anonymous_goes_to_login(client_for, db):
    response = client_for(None).get(URL, {"year": "2025", "format": "pdf"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["inspector", "cb_alice", "cb_bob", "enterprise_user"])
def test_other_roles_forbidden(client_for, request, persona, db):
    response = client_for(request.getfixturevalue(persona)).get(
        URL, {"year": "2025", "format": "html"})
    assert response.status_code == 403
    assert b"<table" not in response.content


def test_wrong_method(client_for, supervisor):
    response = client_for(supervisor).post(URL, {"year": "2025", "format": "pdf"})
    assert response.status_code == 405


@pytest.mark.parametrize(("language", "title", "other"), [
    ("zh-hans", "2025年度质量认证分析报告", "Annual quality-certification analysis report"),
    ("en", "Annual quality-certification analysis report 2025", "年度质量认证分析报告"),
])
def test_the_document_speaks_the_site_language(client_for, supervisor, registry, language,
                                              title, other):
    from django.conf import settings

    client = client_for(supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(URL, {"year": "2025", "format": "html"}).content.decode("utf-8")
    assert title in html and other not in html
