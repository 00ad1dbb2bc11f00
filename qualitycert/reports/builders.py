"""Lay an AnnualReport out as HTML, PDF or XLSX. No figure is computed here."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycert.lib.tabular import is_formula_like

from .annual import AnnualReport, Column, Table
from .charts import render_svg

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_name(report: AnnualReport, fmt: str) -> str:
    return f"qualitycert-annual-report-{report.year}.{fmt}"


def build(report: AnnualReport, fmt: str) -> bytes:
    if fmt == "html":
        return build_html(report).encode("utf-8")
    if fmt == "pdf":
        return build_pdf(report)
    if fmt == "xlsx":
        return build_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}; one of html, pdf, xlsx")


# --- text formatting shared by HTML and PDF ---------------------------------------

def display(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if kind == "pct" and isinstance(value, (int, float)):
        return f"{value:+.1%}"
    if kind == "rate" and isinstance(value, (int, float)):
        return f"{value:.2%}"
    if kind == "change" and isinstance(value, int):
        return f"{value:+,}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _numeric(column: Column) -> bool:
    return column.kind in {"int", "change", "pct", "rate"}


def _context(report: AnnualReport, *, for_pdf: bool) -> dict[str, Any]:
    sections = []
    for section in report.sections:
        tables = []
        for table in section.tables:
            shown = table.rows[:table.pdf_rows] if for_pdf and table.pdf_rows else table.rows
            tables.append({
                "table": table,
                "columns": [(c.title, _numeric(c), w)
                            for c, w in zip(table.columns, _widths(table), strict=True)],
                "rows": [[(display(v, c.kind), _numeric(c)) for v, c in zip(row, table.columns,
                                                                            strict=True)]
                         for row in shown],
                "omitted": len(table.rows) - len(shown),
                "chart": render_svg(table.chart) if table.chart else None,
                "wide": len(table.columns) > WIDE_TABLE,
                "source_note": source_note(table),
            })
        sections.append({"section": section, "tables": tables})
    generated = timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M:%S %Z")
    return {"report": report, "sections": sections, "for_pdf": for_pdf,
            "generated_at": generated}


def _widths(table: Table) -> list[float | None]:
    """Column widths in percent of the page, scaled to leave room for the
    cells' padding: widths that add up to 100% would push a fixed-layout table
    past the right margin by the padding of every cell."""
    given = [c.width for c in table.columns]
    total = sum(w for w in given if w)
    if not total:
        return [None] * len(given)
    scale = min(1.0, 96 / total)
    return [round(w * scale, 2) if w else None for w in given]


# Tables of more columns than this print in a smaller type.
WIDE_TABLE = 6


def source_note(table: Table) -> str:
    """The records a table's figures came from, in words, each once
    ("认证证书登记库（截至2025-12-31）；…"); the query names stay in the XLSX."""
    return "；".join(dict.fromkeys(str(s.note) for s in table.sources if s.note))


def _all_sources(report: AnnualReport) -> list[tuple[str, str, str, str]]:
    return [(section.title, table.title, str(source), str(source.note))
            for section, table in report.tables() for source in table.sources]


def build_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    return render_to_string("reports/annual_document.html", _context(report, for_pdf=for_pdf))


def build_pdf(report: AnnualReport) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which the other formats
    # (and every web request that is not a PDF) need not pay for.
    from weasyprint import HTML

    pdf = HTML(string=build_html(report, for_pdf=True)).write_pdf()
    assert pdf is not None  # write_pdf() without a target returns the bytes
    return pdf  # type: ignore[no-any-return]


# --- XLSX --------------------------------------------------------------------------

LOG_CHECKPOINT_LABEL = gettext_lazy("透明日志检查点")


def build_xlsx(report: AnnualReport) -> bytes:
    """One sheet per section, then "sources": each table's query and parameters."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def styled(sheet: Any, value: Any, *, font: Font | None = None,
               number_format: str | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if font:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        return cell

    for section in report.sections:
        sheet = workbook.create_sheet(section.sheet)
        sheet.column_dimensions["A"].width = 48
        sheet.append([styled(sheet, section.title, font=Font(bold=True, size=13))])
        sheet.append([f"{_('截至')} {report.as_of.isoformat()}"])
        for note in section.notes:
            sheet.append([note])
        for table in section.tables:
            sheet.append([])
            sheet.append([styled(sheet, table.title, font=bold)])
            sheet.append([styled(sheet, c.title, font=bold) for c in table.columns])
            for row in table.rows:
                sheet.append([_xlsx_cell(sheet, v, c, styled)
                              for v, c in zip(row, table.columns, strict=True)])
            for source in table.sources:
                sheet.append([f"{_('数据来源')}：{source.note}", str(source)])
            if table.note:
                sheet.append([f"{_('注')}：{table.note}"])
    sources = workbook.create_sheet("sources")
    sources.column_dimensions["A"].width = 40
    sources.column_dimensions["B"].width = 40
    sources.column_dimensions["C"].width = 90
    sources.append([styled(sources, t, font=bold) for t in
                    (_("章节"), _("表"), _("查询函数及参数"), _("数据来源"))])
    for section_title, table_title, query, note in _all_sources(report):
        sources.append([section_title, table_title, query, note])
    sources.append([])
    generated = timezone.localtime(report.generated_at).isoformat(timespec="seconds")
    sources.append([str(LOG_CHECKPOINT_LABEL), report.log_checkpoint or _("尚未签署检查点")])
    sources.append([_("生成时间"), generated])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any, column: Column, styled: Any) -> Any:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if column.kind == "pct" and isinstance(value, (int, float)):
        return styled(sheet, value, number_format="+0.0%;-0.0%;0.0%")
    if column.kind == "change" and isinstance(value, int):
        return styled(sheet, value, number_format="+#,##0;-#,##0;0")
    if column.kind == "rate" and isinstance(value, (int, float)):
        return styled(sheet, value, number_format="0.00%")
    if isinstance(value, str):
        # Stored as a string, never a formula (openpyxl would make "=…" one),
        # with Excel's quote prefix where a spreadsheet would read a formula.
        cell = styled(sheet, value)
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
        return cell
    if isinstance(value, Decimal):
        return float(value)
    return value

