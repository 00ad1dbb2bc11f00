"""The printed annual report for officials (issue 11 item 8): every text box
inside the page's margins, no function names in print, the anomaly section
as of the year's end. Read back with poppler's `pdftotext -bbox`."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qualitycert.plan.tests.conftest import ensure_plan
from qualitycert.registry.models import Certificate, CertificateStatus, Scheme
from qualitycert.reports import builders
from qualitycert.reports.annual import build_annual_report
from qualitycert.testing.factories import make_body, make_enterprise

from .conftest import YEAR

PDFTOTEXT = "/usr/bin/pdftotext"
MM = 72 / 25.4
# annual_document.html: @page { size: A4; margin: 18mm 14mm 20mm 14mm }
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM = 14 * MM, 14 * MM, 20 * MM
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _need(tool: str) -> None:
    if not shutil.which(tool):
        if os.environ.get("QC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"QC_REQUIRE_BROWSER=1 but {tool} is missing")
        pytest.skip(f"{tool} missing (apt-get install poppler-utils)")


Word = tuple[float, float, float, float, str]


def _pages(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, list[Word]]]:
    _need(PDFTOTEXT)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    html = subprocess.run([PDFTOTEXT, "-bbox", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    pages = []
    for width, height, body in PAGE.findall(html):
        words = [(float(a), float(b), float(c), float(d), text)
                 for a, b, c, d, text in WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


@pytest.fixture
def wide_registry(registry, issue):
    """The hand-made registry, with the long names real registers have."""
    body = make_body("CNCA-R-2019-999", "中国质量认证中心有限公司天津滨海新区分中心暨华北地区"
                     "管理体系与产品认证联合审核服务有限责任公司（测试用超长机构名称）",
                     schemes=["ISO9001", "ISO14001"])
    holder = make_enterprise("天津滨海新区临港经济区某某精密机械零部件与智能装备制造"
                             "及进出口贸易有限责任公司", industry_code="C3411")
    issue(body, holder, "00125Q1234567890ABCDEFGHIJKLMNOP", issued_on=dt.date(2025, 3, 1))
    # Issued in 2026, under a scheme the body is not approved for: an anomaly
    # today, but not of the 2025 report.
    Certificate.objects.create(
        number="LATE-ANOMALY-2026", body=body, holder=holder,
        scheme=Scheme.objects.get(code="HACCP"), issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 2, 28), status=CertificateStatus.VALID,
        status_changed_on=dt.date(2026, 3, 1))
    ensure_plan()
    return registry


def test_every_text_box_inside_the_margins(wide_registry, tmp_path):
    report = build_annual_report(YEAR, generated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    pdf = builders.build_pdf(report)
    if keep := os.environ.get("QC_KEEP_REPORT_PDF"):
        Path(keep).write_bytes(pdf)
    pages = _pages(pdf, tmp_path)
    assert len(pages) > 3
    for number, (width, height, words) in enumerate(pages, start=1):
        right, bottom = width - MARGIN_RIGHT, height - MARGIN_BOTTOM
        for x0, y0, x1, y1, text in words:
            assert x1 <= right + 1, f"page {number}: {text!r} ends at {x1:.1f} > {right:.1f}"
            assert x0 >= MARGIN_LEFT - 1, f"page {number}: {text!r} starts at {x0:.1f}"
            assert y1 <= height, f"page {number}: {text!r} below the page"
            # The only text in the bottom margin is the page footer (generated-at
            # time and page number), which starts below the content area.
            assert y1 <= bottom + 1 or y0 >= bottom, f"page {number}: {text!r} crosses the bottom"
        # The footer is there on every page, so the check above saw it.
        assert any(y0 >= bottom for _x0, y0, _x1, _y1, _t in words), number


def test_no_function_names_and_anomalies_as_of_the_year_end(wide_registry, tmp_path):
    pdf = builders.build_pdf(build_annual_report(YEAR))
    # The body text of every page, without the footer in the bottom margin
    # (its generated-at time is of 2026).
    text = " ".join(w[4] for _w, height, words in _pages(pdf, tmp_path) for w in words
                    if w[1] < height - MARGIN_BOTTOM)
    assert "qualitycert." not in text
    assert "数据来源" in text and "认证证书登记库（截至2025-12-31" in text
    anomalies = text[text.index("三、证书生命周期异常"):text.index("四、监督检查及结果")]
    assert "LATE-ANOMALY-2026" not in anomalies and "FUTURE-1" not in anomalies
    assert "2026-" not in anomalies  # no certificate issued in 2026 listed
    assert "LATE-ANOMALY-2026" not in text


def test_xlsx_keeps_the_machine_provenance(wide_registry):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(builders.build_xlsx(build_annual_report(YEAR))), read_only=True)
    queries = [row[2] for row in book["sources"].iter_rows(min_row=2, values_only=True)
               if row and len(row) > 2 and row[2]]
    assert any(str(q).startswith("qualitycert.reports.queries.certificate_breakdown(")
               for q in queries)


def test_one_language_per_document(wide_registry):
    from django.utils import translation

    from qualitycert.reports.builders import build_html

    chinese = _visible(build_html(build_annual_report(YEAR), for_pdf=True))
    for english in ("Overall", "certificates", "Certification bodies by status", "Source",
                    "change %", "Targets", " yes", " no<"):
        assert english not in chinese, english
    with translation.override("en"):
        report = build_annual_report(YEAR)
        document = build_html(report, for_pdf=True)
    assert '<html lang="en">' in document
    english_html = _visible(document)
    assert "Annual quality-certification analysis report 2025" in english_html
    # The plan's target names and their source notes are the plan's own data
    # (Chinese official names); everything the report itself writes is English.
    assert "C Manufacturing" in english_html and "C 制造业" not in english_html
    assert "Nonconforming" in english_html and "No problem found" not in chinese
    for chinese_words in ("年度质量认证分析报告", "有效证书", "数据来源", "认证证书登记库", "总体",
                          "合计", "异常类型", "无数据"):
        assert chinese_words not in english_html, chinese_words
    assert "Certificate register (as of 2025-12-31)" in english_html


def _visible(html: str) -> str:
    """The text a reader sees: the body without its tags and attributes."""
    body = html[html.index("<body>"):]
    return re.sub(r"<[^>]+>", " ", body)
