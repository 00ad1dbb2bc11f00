"""The HTML layout: every section, every source, and nothing unescaped."""

import datetime as dt

from qualitycert.reports import builders
from qualitycert.reports.annual import build_annual_report

from .conftest import YEAR


def test_sections_sources_and_footer(registry):
    report = build_annual_report(YEAR, generated_at=dt.datetime(2026, 3, 1, 2, 3, 4, tzinfo=dt.UTC))
    html = builders.build_html(report)
    for section in report.sections:
        assert section.title in html
    # Each table names its records in words; the query functions stay in the XLSX.
    assert "数据来源：认证证书登记库（截至2025-12-31）" in html and "Sources" not in html
    assert "qualitycert." not in html
    assert "2026-03-01 10:03:04" in html  # generated-at, in Asia/Shanghai, in the footer
    assert html.count("<svg") >= 2  # the category and industry charts


def test_user_text_is_escaped(registry, hostile_body, issue):
    body, holder = hostile_body
    issue(body, holder, "EVIL-1", issued_on=dt.date(2025, 3, 1))
    html = builders.build_html(build_annual_report(YEAR))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;认证公司" in html


def test_pdf_layout_prints_the_largest_bodies_and_says_where_the_rest_are(registry, monkeypatch):
    from qualitycert.reports import annual

    monkeypatch.setattr(annual, "PDF_BODY_ROWS", 1)
    report = build_annual_report(YEAR)
    bodies = next(t for _, t in report.tables() if t.key == "certificates_by_body")
    assert [r[1] for r in bodies.rows] == sorted((r[1] for r in bodies.rows), reverse=True)
    largest, smaller = bodies.rows[0][0], bodies.rows[1][0]
    for_pdf = builders.build_html(report, for_pdf=True)
    assert largest in for_pdf and smaller not in for_pdf
    assert "其余 1 行见 XLSX 或 HTML 版本" in for_pdf
    on_screen = builders.build_html(report)
    assert largest in on_screen and smaller in on_screen
