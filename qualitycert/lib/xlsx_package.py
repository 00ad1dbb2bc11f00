"""The package structure of an XLSX workbook (ECMA-376 part 2, Open Packaging
Conventions): which part is the workbook, which parts it relates to.

Shared by the checks that refuse hostile workbooks (`xlsx_guard`) and the
reader (`xlsx_reader`), so both follow the same relationships to the same
parts. Elements come in parsed (defusedxml); nothing here imports openpyxl or
Django.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any

__all__ = [
    "SHARED_STRINGS_CONTENT_TYPE",
    "WORKBOOK_CONTENT_TYPES",
    "content_types",
    "relationships",
    "rels_path",
    "workbook_part",
]

_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# In the order of preference openpyxl and Excel use when a package declares several.
WORKBOOK_CONTENT_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
SHARED_STRINGS_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def content_types(root: Any) -> tuple[dict[str, str], set[str]]:
    """(part name → content type of each Override, the Default content types)."""
    overrides = {
        override.get("PartName", "").lstrip("/"): override.get("ContentType", "")
        for override in root.iter(f"{_CONTENT_TYPES_NS}Override")
    }
    defaults = {
        default.get("ContentType", "") for default in root.iter(f"{_CONTENT_TYPES_NS}Default")
    }
    return overrides, defaults


def rels_path(part: str) -> str:
    folder, leaf = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{leaf}.rels")


def relationships(root: Any, rels: str) -> Iterator[tuple[str, str, str]]:
    """(id, type, target member) of each internal relationship in the `rels`
    part, targets resolved against the folder of the part they belong to."""
    parent = posixpath.split(posixpath.dirname(rels))[0]
    for rel in root.iter(f"{_RELATIONSHIPS_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(parent, target))
        yield rel.get("Id", ""), rel.get("Type", ""), target


def workbook_part(overrides: dict[str, str], defaults: set[str]) -> str | None:
    for kind in WORKBOOK_CONTENT_TYPES:
        for part, declared in overrides.items():
            if declared == kind:
                return part
    # Some writers declare the workbook type as a Default instead.
    if defaults & set(WORKBOOK_CONTENT_TYPES):
        return "xl/workbook.xml"
    return None
