"""GET /plan/assessment/ and its XLSX/CSV exports."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.utils import timezone

from .conftest import is_login_redirect


def test_page_shows_scores_beside_the_rules(plan, client_for, supervisor, sfj_user,
                                            file_report):
    file_report(sfj_user, 8)
    response = client_for(supervisor).get("/plan/assessment/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "按时报送" in html and " 40 " in html
    assert "报送完整率 = 已报送 / 应报" in html
    english = client_for(supervisor).get("/plan/assessment/", HTTP_ACCEPT_LANGUAGE="en")
    assert "completeness = submitted / due" in english.content.decode()
    assert len(response.context["assessment"].units) == 25


def test_exports(plan, client_for, supervisor):
    year = timezone.localdate().year - 1
    client = client_for(supervisor)
    csv_response = client.get(f"/plan/assessment/{year}.csv")
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "责任单位" and len(rows) == 26
    assert {r[0] for r in rows[1:]} >= {"区市场监管局", "区科技局"}
    xlsx = client.get(f"/plan/assessment/{year}.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 26
    assert sheet.cell(1, 9).value == "得分"
    # One language per file: the page's.
    english = client.get(f"/plan/assessment/{year}.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    sheet = openpyxl.load_workbook(io.BytesIO(english.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Unit" and header[8] == "Score" and sheet.title == f"{year} assessment"


def test_bad_year_and_format(plan, client_for, supervisor):
    client = client_for(supervisor)
    assert client.get("/plan/assessment/", {"year": "abc"}).status_code == 404
    assert client.get("/plan/assessment/1999.csv").status_code == 404
    assert client.get("/plan/assessment/2025.pdf").status_code == 404


def test_wrong_method_role_and_anonymous(plan, client_for, supervisor, dept_user):
    assert client_for(supervisor).post("/plan/assessment/").status_code == 405
    assert client_for(dept_user).get("/plan/assessment/").status_code == 403
    assert client_for(dept_user).get("/plan/assessment/2025.xlsx").status_code == 403
    assert is_login_redirect(client_for(None).get("/plan/assessment/2025.csv"))
