"""The blank files clerks download and fill in: CSV and XLSX, headers in
Chinese with the English column name beside it (either is accepted back)."""

from __future__ import annotations

import csv
import io

from qualitycert.lib.xlsx import write_xlsx

from .columns import Column


def template_csv(columns: tuple[Column, ...]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerow([c.template_header for c in columns])
    # The BOM makes Excel on Windows open the file as UTF-8 instead of GBK.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


NOTES_HEADER = ["列 column", "必填 required", "格式 format", "Format (English)", "示例 example"]


def template_xlsx(columns: tuple[Column, ...], title: str) -> bytes:
    notes = [[c.template_header, "是 yes" if c.required else "否 no", c.format_zh, c.format_en,
              c.example] for c in columns]
    out = io.BytesIO()
    # The first sheet is the one read back; the notes sheet is ignored on import.
    write_xlsx(out, [(title, [c.template_header for c in columns], []),
                     ("说明 notes", NOTES_HEADER, notes)])
    return out.getvalue()
