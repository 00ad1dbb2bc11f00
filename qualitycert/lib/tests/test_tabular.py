"""Tests for qualitycert.lib.tabular: reading uploads, and refusing the hostile ones."""

from __future__ import annotations

import csv
import datetime
import io
import os
import random
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib import tabular
from qualitycert.lib.tabular import (
    Table,
    TableError,
    XlsxLimits,
    is_formula_like,
    map_columns,
    open_table,
)

HEADER = ["证书编号", "统一社会信用代码", "企业名称"]
ROWS = [
    ["CQC24001234", "91120116MA05JXXX1X", "天津某某电器有限公司"],
    ["CQC24001235", "91310000MA1FL0XX2Y", "上海某某科技股份有限公司"],
]
SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read(path: Path, **kwargs: object) -> tuple[Table, list[tuple[int, list[str]]]]:
    with open_table(path, **kwargs) as table:  # type: ignore[arg-type]
        return table, list(table)


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def build_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rewrite_zip(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    replace = dict(replace or {})
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", compression) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            data = replace.pop(item.filename, None)
            zout.writestr(item.filename, zin.read(item) if data is None else data)
        for name, data in replace.items():
            zout.writestr(name, data)
    return target


def with_shared_strings(source: Path, target: Path, sst_xml: str) -> Path:
    """openpyxl writes inline strings; Excel writes a shared-strings table."""
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c>'
        "</row></sheetData></worksheet>"
    )
    return rewrite_zip(
        source,
        target,
        replace={
            "[Content_Types].xml": types.encode(),
            "xl/sharedStrings.xml": sst_xml.encode(),
            SHEET: sheet.encode(),
        },
    )


def patch_central_directory(
    data: bytes, member: str, *, file_size: int | None = None, set_flags: int = 0
) -> bytes:
    """Forge what a zip's central directory declares about one member."""
    buffer = bytearray(data)
    position = 0
    while (position := buffer.find(b"PK\x01\x02", position)) >= 0:
        (name_length,) = struct.unpack_from("<H", buffer, position + 28)
        name = bytes(buffer[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            if file_size is not None:
                struct.pack_into("<L", buffer, position + 24, file_size)
            if set_flags:
                (flags,) = struct.unpack_from("<H", buffer, position + 8)
                struct.pack_into("<H", buffer, position + 8, flags | set_flags)
            return bytes(buffer)
        position += 4
    raise AssertionError(f"{member} not in the central directory")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# --------------------------------------------------------------------------- errors


def test_table_error_carries_both_languages() -> None:
    error = TableError("文件是空的", "the file is empty", row=3)
    assert isinstance(error, ValueError)
    assert error.message_zh == "文件是空的"
    assert error.message_en == "the file is empty"
    assert error.row == 3
    assert str(error) == "文件是空的"


def test_table_error_is_shown_in_the_active_language() -> None:
    from django.utils import translation

    error = TableError("文件是空的", "the file is empty")
    with translation.override("en"):
        assert str(error) == "the file is empty"
    with translation.override("zh-hans"):
        assert str(error) == "文件是空的"


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_modules_do_not_import_django() -> None:
    code = (
        "import sys, qualitycert.lib.tabular, qualitycert.lib.xlsx; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[3])


# --------------------------------------------------------------------------- csv


@pytest.mark.parametrize(
    ("codec", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_csv_round_trip_in_each_encoding(tmp_path: Path, codec: str, reported: str) -> None:
    path = write_bytes(tmp_path, "证书.csv", csv_text([HEADER, *ROWS]).encode(codec))
    table, rows = read(path)
    assert table.format == "csv"
    assert table.encoding == reported
    assert table.header == HEADER
    assert table.header_row == 1
    assert rows == [(2, ROWS[0]), (3, ROWS[1])]


def test_csv_header_is_stripped_and_loses_empty_trailing_cells(tmp_path: Path) -> None:
    data = " 证书编号 ,\u3000企业名称,,  \r\nA1,某公司,,\r\n".encode()
    path = write_bytes(tmp_path, "a.csv", data)
    table, rows = read(path)
    assert table.header == ["证书编号", "企业名称"]
    assert rows == [(2, ["A1", "某公司"])]


def test_csv_row_numbers_are_what_a_spreadsheet_shows(tmp_path: Path) -> None:
    text = '\n\n证书编号,备注\nA1,"第一行\n第二行"\n\n ,  \nA2,x\n'
    table, rows = read(write_bytes(tmp_path, "a.csv", text.encode()))
    assert table.header_row == 3
    # The quoted cell spans two lines but is one row; blank rows count, and are skipped.
    assert rows == [(4, ["A1", "第一行\n第二行"]), (7, ["A2", "x"])]


def test_csv_rows_are_padded_and_keep_only_meaningful_extras(tmp_path: Path) -> None:
    text = "a,b,c\n1\n1,2,3,,  \n1,2,3,extra\n"
    _, rows = read(write_bytes(tmp_path, "a.csv", text.encode()))
    assert rows == [(2, ["1", "", ""]), (3, ["1", "2", "3"]), (4, ["1", "2", "3", "extra"])]


def test_csv_values_are_not_stripped(tmp_path: Path) -> None:
    _, rows = read(write_bytes(tmp_path, "a.csv", b"a,b\n x , y\n"))
    assert rows == [(2, [" x ", " y"])]


def test_tab_separated_text_is_accepted(tmp_path: Path) -> None:
    text = "证书编号\t企业名称\nA1\t某公司, 北京分公司\n"
    table, rows = read(write_bytes(tmp_path, "a.txt", text.encode("gbk")))
    assert table.header == ["证书编号", "企业名称"]
    assert rows == [(2, ["A1", "某公司, 北京分公司"])]


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="空"):
        open_table(write_bytes(tmp_path, "a.csv", b""))


@pytest.mark.parametrize("data", [b"\n\n\r\n", b" , ,\n\n", "\u3000\n".encode()])
def test_file_without_header_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.csv", data))
    assert "表头" in caught.value.message_zh
    assert "header" in caught.value.message_en


def test_header_must_come_within_the_first_rows(tmp_path: Path) -> None:
    data = b"\n" * tabular.MAX_HEADER_SEARCH_ROWS + b"a,b\n1,2\n"
    with pytest.raises(TableError, match="表头"):
        open_table(write_bytes(tmp_path, "a.csv", data))


def test_bad_utf8_byte_is_refused_naming_the_line(tmp_path: Path) -> None:
    data = csv_text([HEADER, *ROWS]).encode() + b"CQC1,\xff\xfe,x\r\n"
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "供应商.csv", data))
    error = caught.value
    assert error.row == 4
    assert "第 4 行" in error.message_zh and "供应商.csv" in error.message_zh
    assert "line 4" in error.message_en


def test_bad_byte_in_gbk_file_is_reported_where_gbk_fails(tmp_path: Path) -> None:
    data = "\n".join(["证书编号,企业名称", "A1,甲公司", "A2,乙公司", "A3,丙公司"]).encode("gbk")
    data += b"\nA4,\x80\x80\n"
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.csv", data))
    # UTF-8 fails on line 1; GB18030 gets to line 5, so line 5 is the one to fix.
    assert caught.value.row == 5
    assert "GB18030" in caught.value.message_en


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_bad_byte_line_survives_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(tabular, "_CHUNK", chunk)
    data = "证书编号,企业名称\r\n甲,乙\r丙,丁\n".encode() + b"x,\xe4\xb8\n"
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.csv", data))
    assert caught.value.row == 4


def test_truncated_character_at_end_is_refused(tmp_path: Path) -> None:
    data = "a,b\n1,中文".encode()[:-1]
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.csv", data))
    assert caught.value.row == 2


def test_bom_declares_utf8_so_gbk_after_it_is_refused(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + "证书编号\n甲\n".encode("gbk")
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.csv", data))
    assert caught.value.row == 1


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="NUL"):
        open_table(write_bytes(tmp_path, "a.csv", b"a,b\n1,\x002\n"))


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    data = "证书编号\t企业名称\n".encode("utf-16")
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "a.txt", data))
    assert "UTF-8" in caught.value.message_zh


@pytest.mark.parametrize("name", ["导出.csv", "导出.xls"])
def test_web_page_is_refused(tmp_path: Path, name: str) -> None:
    data = b"\xef\xbb\xbf<html><body><table><tr><td>1</td></tr></table></body></html>"
    with pytest.raises(TableError, match="xlsx"):
        open_table(write_bytes(tmp_path, name, data))


def test_overlong_line_is_refused(tmp_path: Path) -> None:
    data = b"a,b\n" + b"x" * (tabular.MAX_LINE_CHARS + 10)
    with pytest.raises(TableError) as caught:
        read(write_bytes(tmp_path, "a.csv", data))
    assert caught.value.row == 2


def test_unclosed_quote_is_refused_not_swallowed(tmp_path: Path) -> None:
    data = b'a,b\n1,"never closed\n' + b"more text\n" * 20_000
    with pytest.raises(TableError) as caught:
        read(write_bytes(tmp_path, "a.csv", data))
    assert "引号" in caught.value.message_zh
    assert caught.value.row is not None


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", csv_text([HEADER, *ROWS]).encode())
    with pytest.raises(TableError) as caught:
        open_table(path, max_bytes=16)
    assert "超过" in caught.value.message_zh


def test_device_is_refused() -> None:
    with pytest.raises(TableError, match="普通文件"):
        open_table("/dev/null")


def test_filename_argument_names_the_upload(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "tmpa8f3k.upload", b"")
    with pytest.raises(TableError) as caught:
        open_table(path, filename="认证机构名录.csv")
    assert "认证机构名录.csv" in caught.value.message_zh


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("name", ["random.csv", "random.xlsx", "random"])
def test_random_bytes_are_refused(tmp_path: Path, seed: int, name: str) -> None:
    data = random.Random(seed).randbytes(4096)
    with pytest.raises(TableError):
        read(write_bytes(tmp_path, name, data))


@pytest.mark.parametrize("seed", range(4))
def test_random_bytes_behind_zip_magic_are_refused(tmp_path: Path, seed: int) -> None:
    data = b"PK\x03\x04" + random.Random(seed).randbytes(4096)
    with pytest.raises(TableError):
        read(write_bytes(tmp_path, "a.xlsx", data))


def test_legacy_xls_is_refused_with_advice(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    with pytest.raises(TableError) as caught:
        open_table(write_bytes(tmp_path, "旧表.csv", data))
    assert "请取消密码后在 Excel/WPS 中另存为 .xlsx" in caught.value.message_zh
    assert ".xlsx" in caught.value.message_en


def test_text_with_xlsx_name_is_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "a.csv", csv_text([HEADER, *ROWS]).encode())
    with pytest.raises(TableError, match="不是 Excel 工作簿"):
        open_table(path, filename="企业名录.xlsx")


def test_tables_and_refusals_leave_no_open_files(tmp_path: Path) -> None:
    good_csv = write_bytes(tmp_path, "a.csv", csv_text([HEADER, *ROWS]).encode())
    good_xlsx = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    bad = write_bytes(tmp_path, "b.xlsx", b"PK\x03\x04broken")
    before = open_fds()
    for _ in range(5):
        for path in (good_csv, good_xlsx):
            with open_table(path) as table:
                next(iter(table))
        with pytest.raises(TableError):
            open_table(bad)
    assert open_fds() == before


# --------------------------------------------------------------------------- property

cell_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


def expected_row(cells: list[str], width: int) -> list[str]:
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    end = len(cells)
    while end > width and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell_text, max_size=5), max_size=20))
def test_csv_round_trip_property(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    header = ["证书编号", "企业名称", "备注"]
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    path.write_bytes(csv_text([header, *rows]).encode("utf-8"))
    expected = [
        (index, expected_row(cells, len(header)))
        for index, cells in enumerate(rows, start=2)
        if "".join(cells).strip()
    ]
    table, got = read(path)
    assert table.header == header
    assert got == expected


# --------------------------------------------------------------------------- memory


def _peak_while_reading(path: Path) -> int:
    tracemalloc.start()
    try:
        with open_table(path) as table:
            for _ in table:
                pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_memory_does_not_grow_with_file_size(tmp_path: Path) -> None:
    def make(rows: int) -> Path:
        path = tmp_path / f"{rows}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for index in range(rows):
                writer.writerow([f"CQC{index:08d}", f"9111{index:014d}", f"某某{index}有限公司"])
        return path

    # Both files are larger than the chunk the encoding check reads at a time.
    small, large = make(20_000), make(80_000)
    assert large.stat().st_size > 16 * tabular._CHUNK
    peak_small, peak_large = _peak_while_reading(small), _peak_while_reading(large)
    assert peak_large < peak_small * 1.25 + 256 * 1024
    assert peak_large < 4 * 1024 * 1024


# --------------------------------------------------------------------------- xlsx


def test_xlsx_round_trip_with_types(tmp_path: Path) -> None:
    names = ["证书编号", "统一社会信用代码", "发证日期", "更新时间", "数量", "比例", "有效", "备注"]
    header: list[object] = [f" {names[0]} ", *names[1:], None]
    row: list[object] = [
        "CQC24001234",
        "91120116MA05JXXX1X",
        datetime.date(2024, 3, 5),
        datetime.datetime(2024, 3, 5, 14, 30, 15),
        42,
        2.5,
        True,
        None,
        None,
    ]
    sparse: list[object] = ["CQC2", None, None, None, 7.0, 0.1]
    path = build_xlsx(tmp_path / "a.xlsx", [header, row, [None] * 3, sparse])
    table, rows = read(path)
    assert table.format == "xlsx"
    assert table.encoding is None
    assert table.header == names
    assert rows == [
        (2, ["CQC24001234", "91120116MA05JXXX1X", "2024-03-05", "2024-03-05T14:30:15",
             "42", "2.5", "TRUE", ""]),
        (4, ["CQC2", "", "", "", "7", "0.1", "", ""]),
    ]


def test_xlsx_formula_without_cached_value_reads_empty(tmp_path: Path) -> None:
    # data_only: the cached result is read, never the formula text; openpyxl
    # stores no result, so the cell is empty.
    path = build_xlsx(tmp_path / "a.xlsx", [["a", "b"], ["x", "=1+1"]])
    _, rows = read(path)
    assert rows == [(2, ["x", ""])]


def test_xlsx_row_numbers_follow_the_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.cell(row=3, column=2, value="证书编号")
    sheet.cell(row=3, column=3, value="企业名称")
    sheet.cell(row=5, column=2, value="A1")
    sheet.cell(row=9, column=3, value="某公司")
    sheet.cell(row=9, column=7, value="表外备注")
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    table, rows = read(path)
    assert table.header_row == 3
    assert table.header == ["", "证书编号", "企业名称"]
    # Cells beyond the header have no column to belong to and are dropped.
    assert rows == [(5, ["", "A1", ""]), (9, ["", "", "某公司"])]


def raw_sheet(
    tmp_path: Path, name: str, sheet_data: str, *, before: str = "", after: str = ""
) -> Path:
    """A workbook whose only sheet is the given XML, as other programs write it."""
    skeleton = tmp_path / "skeleton.xlsx"
    if not skeleton.exists():
        build_xlsx(skeleton, [["x"]])
    xml = (
        f'<worksheet xmlns="{MAIN_NS}">{before}<sheetData>{sheet_data}</sheetData>{after}'
        "</worksheet>"
    )
    return rewrite_zip(skeleton, tmp_path / name, replace={SHEET: xml.encode()})


def test_xlsx_reading_stops_at_the_end_of_sheet_data(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>证书编号</t></is></c></row>'
        '<row r="3"><c r="A3"><v>1</v></c></row>'
        "<row><c><v>4</v></c></row>"  # no r: follows the previous row
        '<row r="2"><c r="A2"><v>2</v></c></row>'  # out of order: skipped
    )
    after = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>' + "<junk/>" * 1000
    before = '<cols><col min="1" max="1"/></cols>'
    path = raw_sheet(tmp_path, "a.xlsx", rows, before=before, after=after)
    table, got = read(path)
    assert table.header == ["证书编号"]
    assert got == [(3, ["1"]), (4, ["4"])]


def test_xlsx_far_away_column_is_capped(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="ZZZ1"><v>1</v></c></row>'
    table, got = read(raw_sheet(tmp_path, "a.xlsx", rows))
    assert table.header == ["a"]
    assert got == []


def test_xlsx_row_with_too_many_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "_MAX_ROW_ELEMENTS", 100)
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
    fine = '<row r="2">' + "<c><v>1</v></c>" * 40 + "</row>"
    wide = '<row r="3">' + "<c><v>1</v></c>" * 51 + "</row>"
    with pytest.raises(TableError) as caught:
        read(raw_sheet(tmp_path, "a.xlsx", header + fine + wide))
    assert caught.value.row == 3


def test_xlsx_memory_does_not_grow_with_rows(tmp_path: Path) -> None:
    # Rows as Excel writes them: a dimension element (without one openpyxl
    # scans the whole sheet once at open) and row heights, for which
    # openpyxl's own reader keeps a dict per row.
    def make(count: int) -> Path:
        header = '<row r="1"><c r="A1" t="inlineStr"><is><t>证书编号</t></is></c></row>'
        body = "".join(
            f'<row r="{n}" ht="20" customHeight="1"><c r="A{n}" t="inlineStr"><is><t>CQC{n:08d}'
            f'</t></is></c><c r="B{n}"><v>{n}</v></c></row>'
            for n in range(2, count + 2)
        )
        before = f'<dimension ref="A1:B{count + 1}"/>'
        return raw_sheet(tmp_path, f"{count}.xlsx", header + body, before=before)

    small, large = make(500), make(5_000)
    _peak_while_reading(small)  # imports and caches out of the way
    # openpyxl's own iteration grows by about 2 MB here.
    assert _peak_while_reading(large) < _peak_while_reading(small) + 600 * 1024


def test_xlsx_forged_dimension_does_not_pad_rows(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS] + [["x", "y", "z"]] * 2000)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(SHEET).decode()
    forged = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)
    assert forged != xml
    path = rewrite_zip(source, tmp_path / "b.xlsx", replace={SHEET: forged.encode()})
    started = time.process_time()
    _, rows = read(path)
    assert time.process_time() - started < 5
    assert len(rows) == 2002
    assert all(len(cells) == 3 for _, cells in rows)


def test_xlsm_with_macros_is_read_for_values(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "<Default ",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
        1,
    )
    path = rewrite_zip(
        source,
        tmp_path / "宏.xlsm",
        replace={
            "[Content_Types].xml": types.encode(),
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512),
        },
    )
    table, rows = read(path)
    assert table.header == HEADER
    assert [cells for _, cells in rows] == ROWS


def test_xlsx_is_read_whatever_the_stored_name(tmp_path: Path) -> None:
    # Uploads are stored under random names; openpyxl alone refuses those.
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    path = tmp_path / "upload.tmp"
    path.write_bytes(source.read_bytes())
    table, rows = read(path, filename="名录.csv")
    assert table.format == "xlsx" and len(rows) == 2


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(TableError, match="不是 Excel 工作簿"):
        open_table(path)


def test_zip_without_content_types_is_refused(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER])
    path = rewrite_zip(source, tmp_path / "b.xlsx", drop=("[Content_Types].xml",))
    with pytest.raises(TableError, match="不是 Excel 工作簿"):
        open_table(path)


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    path = tmp_path / "bomb.xlsx"
    block = b" " * (1024 * 1024)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as zout:
        for item in zin.infolist():
            if item.filename != SHEET:
                zout.writestr(item.filename, zin.read(item))
                continue
            # 200 MiB of whitespace: valid XML padding, ~200 KiB compressed.
            with zout.open(SHEET, "w") as member:
                member.write(f'<worksheet xmlns="{MAIN_NS}">'.encode())
                for _ in range(200):
                    member.write(block)
                member.write(b"<sheetData/></worksheet>")
    assert path.stat().st_size < 1024 * 1024
    started = time.process_time()
    with pytest.raises(TableError) as caught:
        open_table(path)
    assert time.process_time() - started < 1
    assert "压缩比" in caught.value.message_zh
    assert "zip bomb" in caught.value.message_en


def test_forged_huge_declared_size_is_refused(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    path = tmp_path / "b.xlsx"
    path.write_bytes(patch_central_directory(source.read_bytes(), SHEET, file_size=0xF0000000))
    with pytest.raises(TableError, match="已拒绝"):
        open_table(path)


def test_declared_size_understating_content_is_refused(tmp_path: Path) -> None:
    # zipfile stops inflating at the declared size, so a member cannot grow
    # past what was checked; the truncated XML then fails to parse.
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    path = tmp_path / "b.xlsx"
    path.write_bytes(patch_central_directory(source.read_bytes(), SHEET, file_size=200))
    with pytest.raises(TableError):
        read(path)


def test_damaged_member_fails_cleanly_mid_sheet(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"CQC{index:06d}", "x", "y"] for index in range(3000)]
    source = build_xlsx(tmp_path / "a.xlsx", rows)
    stored = rewrite_zip(source, tmp_path / "stored.xlsx", compression=zipfile.ZIP_STORED)
    data = stored.read_bytes()
    at = data.rindex(b"CQC002999")
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data[:at] + b"CQC002998" + data[at + 9 :])  # same size, wrong CRC
    with open_table(path) as table:
        with pytest.raises(TableError) as caught:
            for _ in table:
                pass
    assert caught.value.row is not None and caught.value.row > 2


def test_encrypted_member_is_refused(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    path = tmp_path / "b.xlsx"
    path.write_bytes(patch_central_directory(source.read_bytes(), SHEET, set_flags=0x1))
    with pytest.raises(TableError, match="加密"):
        open_table(path)


def test_shared_strings_are_read(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [["x"]])
    sst = f'<sst xmlns="{MAIN_NS}"><si><t>证书编号</t></si><si><t>企业名称</t></si></sst>'
    path = with_shared_strings(source, tmp_path / "b.xlsx", sst)
    table, rows = read(path)
    assert table.header == ["证书编号", "企业名称"]
    assert rows == [(2, ["企业名称", ""])]


def test_zip_limits_are_enforced(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [["x"]])
    sst = f'<sst xmlns="{MAIN_NS}"><si><t>证书编号</t></si><si><t>企业名称</t></si></sst>'
    path = with_shared_strings(source, tmp_path / "b.xlsx", sst)
    assert len(read(path)[1]) == 1
    with pytest.raises(TableError, match="个文件"):
        open_table(path, xlsx_limits=XlsxLimits(max_members=3))
    with pytest.raises(TableError, match="总大小"):
        open_table(path, xlsx_limits=XlsxLimits(max_total_bytes=5_000))
    with pytest.raises(TableError, match="共享字符串"):
        open_table(path, xlsx_limits=XlsxLimits(max_shared_strings_bytes=50))


def test_only_worksheets_may_exceed_the_part_limit(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"CQC{index:06d}", index, index * 2] for index in range(3000)]
    source = build_xlsx(tmp_path / "a.xlsx", rows)
    with zipfile.ZipFile(source) as archive:
        sheet_size = archive.getinfo(SHEET).file_size
        largest_other = max(i.file_size for i in archive.infolist() if i.filename != SHEET)
    assert sheet_size > 5 * largest_other
    limits = XlsxLimits(max_part_bytes=largest_other + 1, max_shared_strings_bytes=10**6)
    _, got = read(source, xlsx_limits=limits)
    assert len(got) == 3000

    # A second relationship to the same part (as a chartsheet would make)
    # means openpyxl may parse it whole: then it is held to the part limit.
    rels_name = "xl/_rels/workbook.xml.rels"
    with zipfile.ZipFile(source) as archive:
        rels = archive.read(rels_name).decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdX" Target="/xl/worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/chartsheet"/></Relationships>',
    )
    path = rewrite_zip(source, tmp_path / "b.xlsx", replace={rels_name: rels.encode()})
    with pytest.raises(TableError, match="过大"):
        open_table(path, xlsx_limits=limits)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


def test_billion_laughs_in_sheet_is_refused_quickly(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    bomb = (
        BILLION_LAUGHS
        + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    path = rewrite_zip(source, tmp_path / "lol.xlsx", replace={SHEET: bomb.encode()})
    started = time.process_time()
    with pytest.raises(TableError) as caught:
        read(path)
    assert time.process_time() - started < 5
    assert "不安全" in caught.value.message_zh


def test_billion_laughs_in_shared_strings_is_refused(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [["x"]])
    bomb = BILLION_LAUGHS + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si><si><t>x</t></si></sst>'
    path = with_shared_strings(source, tmp_path / "lol.xlsx", bomb)
    with pytest.raises(TableError, match="不安全"):
        read(path)


def test_malformed_sheet_xml_is_refused(tmp_path: Path) -> None:
    source = build_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS])
    broken = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1'
    path = rewrite_zip(source, tmp_path / "b.xlsx", replace={SHEET: broken.encode()})
    with pytest.raises(TableError, match="损坏"):
        read(path)


def test_workbook_with_only_empty_sheet_has_no_header(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "a.xlsx", [])
    with pytest.raises(TableError, match="表头"):
        open_table(path)


# --------------------------------------------------------------------------- columns

COLUMNS = {
    "certificate_number": ["证书编号", "证书号"],
    "uscc": ["统一社会信用代码", "社会信用代码", "USCC"],
    "name": ["企业名称", "单位名称"],
    "remark": ["备注"],
}


def test_map_columns_by_alias() -> None:
    header = ["企业名称", "证书编号", "统一社会信用代码"]
    got = map_columns(header, COLUMNS, required={"certificate_number", "uscc"})
    assert got == {"name": 0, "certificate_number": 1, "uscc": 2}


@pytest.mark.parametrize(
    "cell",
    [
        "证书编号(certificate_number)",
        "证书编号（certificate_number）",
        " 证书编号 ( 必填 ) ",
        "ＣＥＲＴＩＦＩＣＡＴＥ＿ＮＵＭＢＥＲ",
        "Certificate_Number",
        "证书号\u3000",
    ],
)
def test_map_columns_normalises_width_case_and_suffix(cell: str) -> None:
    got = map_columns([cell, "ｕｓｃｃ"], COLUMNS, required={"certificate_number", "uscc"})
    assert got == {"certificate_number": 0, "uscc": 1}


def test_map_columns_ignores_empty_header_cells() -> None:
    got = map_columns(["", "证书编号", "  "], COLUMNS, required={"certificate_number"})
    assert got == {"certificate_number": 1}


def test_map_columns_reports_every_problem_at_once() -> None:
    header = ["证书编号", "证书号", "联系电话", "企业名称"]
    with pytest.raises(TableError) as caught:
        map_columns(header, COLUMNS, required={"certificate_number", "uscc"})
    zh, en = caught.value.message_zh, caught.value.message_en
    assert "统一社会信用代码(uscc)" in zh and "missing required columns" in en
    assert "A:证书编号 / B:证书号" in zh and "duplicate" in en
    assert "C:联系电话" in zh and "unknown columns" in en


def test_map_columns_can_allow_unknown_columns() -> None:
    got = map_columns(
        ["证书编号", "联系电话"], COLUMNS, required={"certificate_number"}, allow_unknown=True
    )
    assert got == {"certificate_number": 0}


def test_map_columns_rejects_programming_errors() -> None:
    with pytest.raises(ValueError, match="required"):
        map_columns(["a"], COLUMNS, required={"nonexistent"})
    with pytest.raises(ValueError, match="both"):
        map_columns(["a"], {"a": ["编号"], "b": ["编号"]}, required=())


def test_map_columns_on_a_read_table(tmp_path: Path) -> None:
    header = ["证书编号（certificate_number）", "统一社会信用代码(uscc)", "企业名称"]
    path = write_bytes(tmp_path, "a.csv", csv_text([header, ROWS[0]]).encode("gbk"))
    with open_table(path) as table:
        columns = map_columns(table.header, COLUMNS, required={"certificate_number", "uscc"})
        values = [{key: cells[index] for key, index in columns.items()} for _, cells in table]
    assert values == [{"certificate_number": ROWS[0][0], "uscc": ROWS[0][1], "name": ROWS[0][2]}]


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "=HYPERLINK(\"http://x\")",
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\tx",
        "\rx",
        "=",
        "＝1+1",
        "－1+1",
        "+86 10 1234 5678",
        "--1",
        "-1,234",
    ],
)
def test_formula_like(value: str) -> None:
    assert is_formula_like(value)


@pytest.mark.parametrize(
    "value",
    [
        "", "abc", "证书编号", "91120116MA05JXXX1X",
        "-12", "+3.5", "-1e5", "-.5", "-", "+", " =1", "1-2", "a=b",
    ],
)
def test_not_formula_like(value: str) -> None:
    assert not is_formula_like(value)
