"""Building import files for the import tests: rows as dicts, written as CSV
(any encoding) or XLSX with the English or the Chinese headers."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

from qualitycert.registry.importers.columns import CERTIFICATE_COLUMNS
from qualitycert.testing.factories import make_uscc

CERT_HEADER = ["certificate_number", "body_approval_number", "holder_uscc", "holder_name",
               "scheme_code", "scope", "issued_on", "expires_on", "status"]
ZH = {c.name: c.label_zh for c in CERTIFICATE_COLUMNS}


def cert_row(n: int, *, body: str = "CNCA-R-2002-001", holders: int = 250,
             scheme: str = "ISO9001", status: str = "valid", **extra: str) -> dict[str, str]:
    issued = dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
    holder = n % holders
    row = {
        "certificate_number": f"Q{n:08d}",
        "body_approval_number": body,
        "holder_uscc": make_uscc(30_000_000 + holder),
        "holder_name": f"天津滨海导入测试{holder}有限公司",
        "scheme_code": scheme,
        "scope": "金属结构件的生产",
        "issued_on": issued.isoformat(),
        "expires_on": (issued + dt.timedelta(days=3 * 365 - 1)).isoformat(),
        "status": status,
    }
    row.update(extra)
    return row


def write_csv(path: Path, rows: Iterable[dict[str, str]], *, header: list[str] | None = None,
              encoding: str = "utf-8", chinese: bool = False) -> Path:
    rows = list(rows)
    if header is None:
        header = list(rows[0]) if rows else CERT_HEADER
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([ZH.get(h, h) if chinese else h for h in header])
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


def write_xlsx(path: Path, rows: Iterable[dict[str, str]], *, chinese: bool = True) -> Path:
    rows = list(rows)
    header = list(rows[0])
    book = Workbook()
    sheet = book.active
    sheet.append([ZH.get(h, h) if chinese else h for h in header])
    for row in rows:
        sheet.append([row[h] for h in header])
    book.save(path)
    return path
