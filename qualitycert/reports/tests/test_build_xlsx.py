"""The XLSX: a sheet per section plus "sources", the same figures as the report,
and text that no spreadsheet will run as a formula."""

import datetime as dt
import io

from openpyxl import load_workbook

from qualitycert.reports import builders
from qualitycert.reports.annual import build_annual_report

from .conftest import YEAR


def _workbook(report):
    return load_workbook(io.BytesIO(builders.build_xlsx(report)))


def test_a_sheet_per_section_and_sources(registry):
    report = build_annual_report(YEAR)
    book = _workbook(report)
    assert book.sheetnames == [s.sheet for s in report.sections] + ["sources"]
    sources = [row for row in book["sources"].iter_rows(values_only=True) if row and row[0]]
    listed = {row[2] for row in sources[1:]
              if row[0] not in ("生成时间", builders.LOG_CHECKPOINT_LABEL)}
    assert listed == {str(src) for _, t in report.tables() for src in t.sources}
    assert sources[-1][0] == "生成时间"


def test_cells_hold_the_report_figures(registry):
    report = build_annual_report(YEAR)
    sheet = _workbook(report)[report.sections[0].sheet]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    total = next(r for r in rows if r and r[0] == "全部")
    expected = next(t for _, t in report.tables() if t.key == "certificates_total").rows[0]
    assert total[:len(expected)] == expected  # numbers stay numbers (ratios as fractions)


def test_formula_like_text_stays_text(registry, hostile_body, issue):
    body, holder = hostile_body
    issue(body, holder, "EVIL-1", issued_on=dt.date(2025, 3, 1))
    report = build_annual_report(YEAR)
    sheet = _workbook(report)[report.sections[0].sheet]
    cells = [c for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and "script" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
