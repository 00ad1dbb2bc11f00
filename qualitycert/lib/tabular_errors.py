"""The error every refused upload ends in, and the wording shared by its makers.

The reader (`tabular`), the workbook checks (`xlsx_guard`) and the header
mapping (`tabular_columns`) all raise it; it lives apart so none of them has
to import another for it.

Nothing here imports Django.
"""

from __future__ import annotations

from .i18n import pick

__all__ = ["MiB", "TableError", "file_error", "human_size"]

MiB = 1024 * 1024


class TableError(ValueError):
    """An uploaded table was refused; the message is meant for the uploader.

    `row` is the 1-based row (or line) the problem was found on, when there is one.
    """

    def __init__(self, message_zh: str, message_en: str, *, row: int | None = None) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.row = row

    def __str__(self) -> str:
        return pick(self.message_zh, self.message_en)


def file_error(name: str, zh: str, en: str) -> TableError:
    return TableError(f"“{name}”：{zh}", f"{name!r}: {en}")


def human_size(size: int) -> str:
    if size >= MiB:
        return f"{size / MiB:.0f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} B"
