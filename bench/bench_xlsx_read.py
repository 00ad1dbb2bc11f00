"""Benchmark reading a full-height XLSX sheet: our streaming reader against
openpyxl's public read-only mode.

Run from the repository root:

    .venv/bin/python bench/bench_xlsx_read.py [--rows N] [--keep DIR]

Writes a workbook the way Excel writes one (default 1,048,576 rows, Excel's
limit): a <dimension>, a height on every row, text in the shared-strings
table (a distinct certificate number per row, a holder name per four rows),
a number, and a date-styled number. Then, each in its own process (peak RSS
from os.wait4, in MiB; the launching process stays small because Linux
counts a parent's resident memory in its child's ru_maxrss):

- ours: `qualitycert.lib.tabular.open_table`, every row read;
- openpyxl: `load_workbook(read_only=True, data_only=True)` and
  `iter_rows(values_only=True)` over the first sheet, every row read.

The same is done for a second copy whose text is in inline strings, which
isolates the rows' cost from the shared-strings table's. Prints one
Markdown section. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

OURS = """
import sys, time
from qualitycert.lib.tabular import open_table
started = time.perf_counter()
count = 0
with open_table(sys.argv[1], max_bytes=2 << 30) as table:
    for _ in table:
        count += 1
print(count, time.perf_counter() - started)
"""

OPENPYXL = """
import sys, time
import openpyxl
started = time.perf_counter()
count = 0
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for _ in book.worksheets[0].iter_rows(min_row=2, values_only=True):
    count += 1
book.close()
print(count, time.perf_counter() - started)
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_workbook(path: Path, rows: int, *, shared: bool) -> None:
    holders = max(1, rows // 4)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
               if shared else "") + "</Types>"))
        archive.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="证书" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
            + (f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" '
               'Target="sharedStrings.xml"/>' if shared else "") + "</Relationships>"))
        archive.writestr("xl/styles.xml", (
            f'<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/>'
            '<name val="宋体"/></font></fonts><fills count="1"><fill><patternFill '
            'patternType="none"/></fill></fills><borders count="1"><border><left/><right/>'
            '<top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'))
        header = ["证书编号", "获证组织名称", "数量", "颁证日期"]
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
                         f'<dimension ref="A1:D{rows}"/><sheetData>').encode())
            buffer = []

            def text(column: str, number: int, value: str, index: int) -> str:
                if shared:
                    return f'<c r="{column}{number}" t="s"><v>{index}</v></c>'
                return f'<c r="{column}{number}" t="inlineStr"><is><t>{value}</t></is></c>'

            buffer.append('<row r="1" spans="1:4">' + "".join(
                f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                for c, h in zip("ABCD", header, strict=True)) + "</row>")
            for number in range(2, rows + 1):
                serial = number - 2
                holder = serial % holders
                buffer.append(
                    f'<row r="{number}" spans="1:4" ht="15" customHeight="1">'
                    + text("A", number, f"CQC{serial:09d}", holders + serial)
                    + text("B", number, f"天津某某{holder}有限公司", holder)
                    + f'<c r="C{number}"><v>{serial % 1000}</v></c>'
                    + f'<c r="D{number}" s="1"><v>{45000 + serial % 3000}</v></c></row>')
                if len(buffer) >= 10_000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write(("".join(buffer) + "</sheetData></worksheet>").encode())
        if shared:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
                table.write(f'<sst xmlns="{MAIN_NS}">'.encode())
                for start in range(0, holders, 10_000):
                    table.write("".join(f"<si><t>天津某某{h}有限公司</t></si>"
                                        for h in range(start, min(holders, start + 10_000))
                                        ).encode())
                for start in range(0, rows - 1, 10_000):
                    table.write("".join(f"<si><t>CQC{s:09d}</t></si>"
                                        for s in range(start, min(rows - 1, start + 10_000))
                                        ).encode())
                table.write(b"</sst>")


def measure(code: str, path: Path) -> tuple[int, float, float]:
    """(rows read, CPU seconds, peak RSS MiB) of `code` run on `path` in a
    child. CPU time, not wall time: the machine may be shared."""
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen([PYTHON, "-c", code, str(path)], cwd=ROOT, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"reader failed on {path}")
        out.seek(0)
        count, _ = out.read().split()
    return int(count), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_576)
    parser.add_argument("--keep", type=Path, help="write the workbooks here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for shared in (True, False):
            kind = "shared strings" if shared else "inline strings"
            path = folder / f"sheet-{args.rows}-{'shared' if shared else 'inline'}.xlsx"
            if not path.exists():
                started = time.perf_counter()
                write_workbook(path, args.rows, shared=shared)
                log(f"wrote {path} ({path.stat().st_size / 2**20:.0f} MiB) in "
                    f"{time.perf_counter() - started:.0f} s")
            for reader, code in (("ours (`open_table`)", OURS),
                                 ("openpyxl read-only `iter_rows`", OPENPYXL)):
                count, seconds, peak = measure(code, path)
                log(f"{kind}, {reader}: {count} rows, {seconds:.1f} s, peak RSS {peak:.0f} MiB")
                results.append((kind, reader, count, seconds, peak))
    print(f"## Reading a full-height XLSX sheet ({args.rows:,} rows)\n")
    print("Four columns (certificate number, holder, a number, a date), a height on every "
          "row, as Excel writes them. Each reader in its own process, every row read.\n")
    print("| text stored as | reader | rows | CPU seconds | peak RSS |")
    print("|---|---|---|---|---|")
    for kind, reader, count, seconds, peak in results:
        print(f"| {kind} | {reader} | {count:,} | {seconds:.1f} | {peak:.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
