"""Supplier lists as people send them, and as attackers do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADER = ["供应商名称 supplier_name", "统一社会信用代码 uscc", "证书编号 certificate_number",
          "要求的认证项目 required_scheme"]


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            # Text typed as '=… in Excel: a string cell that looks like a formula.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    lines = [",".join(header or HEADER), *(",".join(r) for r in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def zip_bomb_xlsx(megabytes: int = 40) -> bytes:
    """A workbook whose sheet inflates from a few hundred KiB to `megabytes`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["甲公司", "", "", ""]])))
    out = io.BytesIO()
    block = b" " * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item.filename, source.read(item))
                continue
            with bomb.open(item.filename, "w") as member:
                member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main">')
                for _ in range(megabytes):
                    member.write(block)
                member.write(b"<sheetData/></worksheet>")
    return out.getvalue()


def result_sheet(data: bytes) -> tuple[list[str], list[list[object]], object]:
    """Header, rows and the worksheet of a result workbook."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(c) for c in rows[0]], rows[1:], sheet


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
