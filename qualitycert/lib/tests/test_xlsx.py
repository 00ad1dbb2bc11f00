"""Tests for qualitycert.lib.xlsx: exports that Excel never runs as formulas."""

from __future__ import annotations

import datetime
import decimal
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib.tabular import open_table
from qualitycert.lib.xlsx import WIDTH_SAMPLE_ROWS, write_xlsx

FORMULAS = [
    "=1+1",
    "=HYPERLINK(\"http://evil.example\",\"点击\")",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "#N/A",
    "#REF!",
]


def read_back(target: Path | io.BytesIO) -> openpyxl.Workbook:
    if isinstance(target, io.BytesIO):
        target.seek(0)
    return openpyxl.load_workbook(target)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [("供应商", FORMULAS, [FORMULAS, ["ok", *FORMULAS]])])
    sheet = read_back(path).active
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s", (cell.coordinate, cell.value)
    # XML turns a stored CR into LF when read; everything else comes back as written.
    expected = [value.replace("\r", "\n") for value in FORMULAS]
    assert [cell.value for cell in sheet[2]][: len(FORMULAS)] == expected
    assert [cell.value for cell in sheet[3]] == ["ok", *expected]
    # Excel's quote prefix keeps them text even after someone edits the cell.
    assert all(cell.quotePrefix for cell in sheet[2] if cell.value and cell.value[0] != "#")
    assert not sheet["A3"].quotePrefix


def test_no_formula_element_is_written(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [("s", ["a"], [[value] for value in FORMULAS])])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("=+-@\t\r＝#"), st.text()).map("".join), min_size=1, max_size=5
    )
)
def test_any_text_is_stored_as_a_string(values: list[str]) -> None:
    stream = io.BytesIO()
    write_xlsx(stream, [("s", ["h"], [[value] for value in values])])
    sheet = read_back(stream).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert len(cells) == len(values)


def test_header_is_bold_and_frozen_and_columns_have_widths(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    rows = [["CQC24001234", "天津某某电器有限公司天津某某电器有限公司", 5]]
    write_xlsx(path, [("证书", ["证书编号", "企业名称", "n"], rows)])
    sheet = read_back(path).active
    assert sheet.title == "证书"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    widths = {key: dimension.width for key, dimension in sheet.column_dimensions.items()}
    assert widths["A"] >= len("CQC24001234")
    assert widths["B"] > widths["A"]  # wide characters count double
    assert widths["B"] <= 60
    assert widths["C"] >= 8


def test_values_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    aware = datetime.datetime(2024, 3, 5, 6, 0, tzinfo=datetime.UTC)
    row = [
        None,
        42,
        2.5,
        decimal.Decimal("1.25"),
        True,
        datetime.date(2024, 3, 5),
        datetime.datetime(2024, 3, 5, 14, 30),
        aware,
        911201161234567890,
        Path("x/y"),
        "a\x00b\x1fc",
        "长" * 40_000,
    ]
    write_xlsx(path, [("s", [f"c{i}" for i in range(len(row))], [row])])
    values = [cell.value for cell in read_back(path).active[2]]
    assert values[0] is None
    assert values[1:5] == [42, 2.5, 1.25, True]
    assert values[5] == datetime.datetime(2024, 3, 5)
    assert values[6] == datetime.datetime(2024, 3, 5, 14, 30)
    assert values[7] == aware.astimezone().replace(tzinfo=None)
    assert values[8] == "911201161234567890"  # too long for a double: kept as text
    assert values[9] == "x/y"
    assert values[10] == "a\ufffdb\ufffdc"
    assert len(values[11]) == 32_767


def test_rows_stream_from_a_generator(tmp_path: Path) -> None:
    consumed = 0

    def rows() -> Iterator[list[object]]:
        nonlocal consumed
        for index in range(WIDTH_SAMPLE_ROWS * 3):
            consumed += 1
            yield [f"CQC{index:06d}", index]

    path = tmp_path / "export.xlsx"
    write_xlsx(path, [("s", ["证书编号", "序号"], rows())])
    assert consumed == WIDTH_SAMPLE_ROWS * 3
    sheet = read_back(path).active
    assert sheet.max_row == WIDTH_SAMPLE_ROWS * 3 + 1
    assert sheet.cell(row=sheet.max_row, column=2).value == WIDTH_SAMPLE_ROWS * 3 - 1


def test_sheet_titles_are_made_valid_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    long_title = "某某认证有限公司" * 5
    write_xlsx(
        path,
        [
            ("a/b:c*?[d]", ["h"], []),
            ("A/B:C*?[D]", ["h"], []),
            (long_title, ["h"], []),
            (long_title, ["h"], []),
            ("", ["h"], []),
        ],
    )
    titles = read_back(path).sheetnames
    assert titles[0] == "a_b_c___d_"
    assert titles[1] == "A_B_C___D_ (2)"
    assert titles[2] == long_title[:31]
    assert titles[3].endswith(" (2)") and len(titles[3]) <= 31
    assert titles[4] == "Sheet"


def test_write_to_a_stream_and_import_it_again(tmp_path: Path) -> None:
    header = ["证书编号", "企业名称", "备注"]
    rows = [["CQC1", "某公司", "=1+1"], ["CQC2", "-某公司", ""]]
    stream = io.BytesIO()
    write_xlsx(stream, [("s", header, rows)])
    path = tmp_path / "export.xlsx"
    path.write_bytes(stream.getvalue())
    with open_table(path) as table:
        assert table.header == header
        # The exported text re-imports unchanged: nothing was prefixed.
        assert [cells for _, cells in table] == rows


def test_at_least_one_sheet_is_needed() -> None:
    with pytest.raises(ValueError, match="sheet"):
        write_xlsx(io.BytesIO(), [])
