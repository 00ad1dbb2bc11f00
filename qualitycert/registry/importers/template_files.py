"""The blank files clerks download and fill in: CSV and XLSX, headers in
Chinese with the English column name beside it (either is accepted back)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycert.lib.i18n import pick
from qualitycert.lib.xlsx import write_xlsx

from .columns import Column


def template_csv(columns: tuple[Column, ...]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerow([c.template_header for c in columns])
    # The BOM makes Excel on Windows open the file as UTF-8 instead of GBK.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


NOTES_HEADER = (gettext_lazy("列"), gettext_lazy("必填"), gettext_lazy("格式"),
                gettext_lazy("示例"))


def template_xlsx(columns: tuple[Column, ...], title: str) -> bytes:
    """The headers stay as the import reads them (Chinese label and column name);
    the notes sheet is in the language of the page."""
    notes = [[c.template_header, _("是") if c.required else _("否"),
              pick(c.format_zh, c.format_en), c.example] for c in columns]
    out = io.BytesIO()
    # The first sheet is the one read back; the notes sheet is ignored on import.
    write_xlsx(out, [(title, [c.template_header for c in columns], []),
                     (_("说明"), [str(h) for h in NOTES_HEADER], notes)])
    return out.getvalue()
