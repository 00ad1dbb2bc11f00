"""Tests for qualitycert.lib.xlsx_reader: cell values as Excel and openpyxl
read them, from workbooks as Excel writes them (shared strings, styles)."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib.tabular import TableError, open_table
from qualitycert.lib.xlsx_reader import (
    Cells,
    SharedStrings,
    first_worksheet,
    read_shared_strings,
    stream_rows,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
CHART_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(
    path: Path,
    sheet_data: str,
    *,
    shared: list[str] | None = None,
    styles: str = "",
    workbook_pr: str = "",
    sheets: list[tuple[str, str, str]] | None = None,
) -> Path:
    """A workbook written the way Excel writes one. `sheets` lists (name,
    relationship type, part) in workbook order; the default is one worksheet."""
    sheets = sheets or [("Sheet1", SHEET_TYPE, "worksheets/sheet1.xml")]
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{CT_MAIN}.sheet.main+xml"/>']
    rels, listed = [], []
    for index, (name, kind, part) in enumerate(sheets, 1):
        rels.append(f'<Relationship Id="rId{index}" Type="{kind}" Target="{part}"/>')
        listed.append(f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>')
    if shared is not None:
        overrides.append(f'<Override PartName="/xl/sharedStrings.xml" '
                         f'ContentType="{CT_MAIN}.sharedStrings+xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'{"".join(overrides)}</Types>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}'
            f'<sheets>{"".join(listed)}</sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>')
        for _, _, part in sheets:
            archive.writestr(f"xl/{part}", (
                f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'))
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml",
                             f'<sst xmlns="{MAIN_NS}">{"".join(shared)}</sst>')
        if styles:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN_NS}">{styles}</styleSheet>')
    return path


def rows_of(path: Path) -> list[tuple[int, list[str]]]:
    with open_table(path) as table:
        return [(1, table.header), *table]


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>值</t></is></c></row>'


def one_column(cells: list[str]) -> str:
    return HEADER + "".join(f'<row r="{n}">{cell}</row>' for n, cell in enumerate(cells, 2))


def test_shared_strings_drop_formatting_and_phonetic_runs(tmp_path: Path) -> None:
    shared = [
        "<si><t>证书编号</t></si>",
        # Rich text: the runs' texts joined, formatting dropped.
        "<si><r><rPr><b/></rPr><t>天津</t></r><r><t xml:space=\"preserve\"> 滨海</t></r></si>",
        # Phonetic guide (furigana) is not part of the text.
        "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>",
        "<si><t>a_x005F_x000D_b</t></si>",
        "<si/>",
    ]
    data = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            + "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c></row>'
                      for n in range(2, 6)))
    got = rows_of(workbook(tmp_path / "a.xlsx", data, shared=shared))
    assert got == [(1, ["证书编号"]), (2, ["天津 滨海"]), (3, ["東京"]), (4, ["a_x000D_b"])]


def test_inline_strings_read_like_shared_ones(tmp_path: Path) -> None:
    data = one_column([
        '<c t="inlineStr"><is><r><t>天津</t></r><r><t>某某</t></r></is></c>',
        '<c t="inlineStr"><v>ignored</v></c>',  # no <is>: an empty cell
    ])
    assert rows_of(workbook(tmp_path / "a.xlsx", data)) == [(1, ["值"]), (2, ["天津某某"])]


def test_each_cell_type(tmp_path: Path) -> None:
    data = one_column([
        "<c><v>42</v></c>",
        "<c><v>1E3</v></c>",
        "<c><v>0.1</v></c>",
        '<c t="b"><v>1</v></c>',
        '<c t="b"><v>0</v></c>',
        '<c t="e"><v>#N/A</v></c>',
        '<c t="str"><f>A1&amp;"x"</f><v>值x</v></c>',
        '<c t="d"><v>2024-03-05T08:00:00</v></c>',
        "<c><f>1+1</f><v></v></c>",  # a formula never calculated
    ])
    got = rows_of(workbook(tmp_path / "a.xlsx", data))
    assert [cells[0] for _, cells in got[1:]] == [
        "42", "1000", "0.1", "TRUE", "FALSE", "#N/A", "值x", "2024-03-05T08:00:00"]


STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="0.000_);[Red]\\(0.000\\)"/></numFmts>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
    '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/>'
    '<xf numFmtId="166" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs>'
)


def test_numbers_are_dates_by_their_number_format(tmp_path: Path) -> None:
    data = one_column([
        '<c s="1"><v>45356</v></c>',  # built-in 14: m/d/yyyy
        '<c s="2"><v>45356</v></c>',  # custom: yyyy"年"m"月"d"日"
        '<c s="3"><v>1.5</v></c>',  # custom duration: [h]:mm:ss
        '<c s="4"><v>45356</v></c>',  # custom, but a number format
        '<c s="5"><v>45356.75</v></c>',  # built-in 22: m/d/yy h:mm
        '<c s="0"><v>45356</v></c>',
        '<c s="1"><v>1E10</v></c>',  # past year 9999: what Excel shows
    ])
    got = rows_of(workbook(tmp_path / "a.xlsx", data, styles=STYLES))
    assert [cells[0] for _, cells in got[1:]] == [
        "2024-03-05", "2024-03-05", "1 day, 12:00:00", "45356", "2024-03-05T18:00:00",
        "45356", "#VALUE!"]


def test_the_1904_date_system_is_honoured(tmp_path: Path) -> None:
    data = one_column(['<c s="1"><v>1</v></c>', '<c s="1"><v>43894</v></c>'])
    path = workbook(tmp_path / "a.xlsx", data, styles=STYLES,
                    workbook_pr='<workbookPr date1904="1"/>')
    assert [cells[0] for _, cells in rows_of(path)[1:]] == ["1904-01-02", "2024-03-05"]


def test_without_styles_nothing_is_a_date(tmp_path: Path) -> None:
    data = one_column(['<c s="1"><v>45356</v></c>'])
    assert rows_of(workbook(tmp_path / "a.xlsx", data)) == [(1, ["值"]), (2, ["45356"])]


def test_dates_match_what_openpyxl_writes_and_reads(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    values = [datetime.date(1900, 1, 1), datetime.date(1900, 3, 1), datetime.date(2024, 2, 29),
              datetime.datetime(2024, 3, 5, 23, 59, 59), datetime.time(6, 30),
              datetime.timedelta(hours=36)]
    sheet.append(["值"])
    for value in values:
        sheet.append([value])
    book.save(tmp_path / "a.xlsx")
    expected = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True)
    theirs = [row[0] for row in expected.worksheets[0].iter_rows(min_row=2, values_only=True)]
    expected.close()
    ours = [cells[0] for _, cells in rows_of(tmp_path / "a.xlsx")[1:]]
    assert len(theirs) == len(values)
    assert ours == [v.date().isoformat() if isinstance(v, datetime.datetime)
                    and v.time() == datetime.time(0) else str(v) if isinstance(v, datetime.timedelta)
                    else v.isoformat() for v in theirs]


def test_the_first_listed_worksheet_is_read_not_a_chartsheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", HEADER, sheets=[
        ("图表", CHART_TYPE, "chartsheets/sheet1.xml"),
        ("名录", SHEET_TYPE, "worksheets/sheet2.xml"),
        ("备用", SHEET_TYPE, "worksheets/sheet3.xml"),
    ])
    with zipfile.ZipFile(path) as archive:
        assert first_worksheet(archive).part == "xl/worksheets/sheet2.xml"


def test_a_workbook_of_chartsheets_only_has_no_worksheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", HEADER,
                    sheets=[("图表", CHART_TYPE, "chartsheets/sheet1.xml")])
    with pytest.raises(TableError, match="没有工作表"):
        open_table(path)


@pytest.mark.parametrize("index", ["-1", "2", "x"])
def test_a_shared_string_that_does_not_exist_is_refused(tmp_path: Path, index: str) -> None:
    data = HEADER + f'<row r="2"><c r="A2" t="s"><v>{index}</v></c></row>'
    path = workbook(tmp_path / "a.xlsx", data, shared=["<si><t>a</t></si>", "<si><t>b</t></si>"])
    with open_table(path) as table, pytest.raises(TableError) as caught:
        list(table)
    assert caught.value.row == 2
    assert "损坏" in caught.value.message_zh


def test_a_bad_row_number_is_refused_near_the_row(tmp_path: Path) -> None:
    data = HEADER + '<row r="2.5"><c><v>1</v></c></row>'
    with open_table(workbook(tmp_path / "a.xlsx", data)) as table, \
            pytest.raises(TableError) as caught:
        list(table)
    assert caught.value.row == 2


def test_row_numbers_written_as_decimals_are_accepted(tmp_path: Path) -> None:
    data = HEADER + '<row r="3.0"><c><v>1</v></c></row>'
    assert rows_of(workbook(tmp_path / "a.xlsx", data)) == [(1, ["值"]), (3, ["1"])]


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20),
                max_size=50))
def test_packed_shared_strings_give_back_what_went_in(texts: list[str]) -> None:
    strings = SharedStrings()
    for text in texts:
        strings.append(text)
    assert len(strings) == len(texts)
    assert list(strings) == texts
    with pytest.raises(IndexError):
        strings[len(texts)]
    with pytest.raises(IndexError):
        strings[-1]


def test_shared_strings_are_read_as_a_stream() -> None:
    xml = f'<sst xmlns="{MAIN_NS}">' + "<si><t>x</t></si>" * 1000 + "</sst>"
    strings = read_shared_strings(io.BytesIO(xml.encode()))
    assert len(strings) == 1000 and strings[999] == "x"


def test_cells_without_references_follow_the_previous_one() -> None:
    xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row><c><v>1</v></c><c r="D1"><v>4</v></c>'
           "<c><v>5</v></c></row><row><c><v>6</v></c></row></sheetData></worksheet>")
    got = list(stream_rows(io.BytesIO(xml.encode()), Cells(), max_row_elements=100))
    assert got == [(1, [(1, 1), (4, 4), (5, 5)]), (2, [(1, 6)])]
