"""What callers do with a table once read: find their columns in its header,
and spot cell text a spreadsheet would run as a formula.

Nothing here imports Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence

from .tabular_errors import TableError

__all__ = ["is_formula_like", "map_columns"]

_SUFFIX_RE = re.compile(r"\s*\([^()]*\)\s*$")
_SPACE_RE = re.compile(r"\s+")


def _header_key(text: str) -> str:
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _header_keys(text: str) -> list[str]:
    # "证书编号(certificate_number)" and "证书编号（证书号）" match "证书编号";
    # NFKC has already turned full-width parentheses into ASCII ones.
    full = _header_key(text)
    bare = _SUFFIX_RE.sub("", full).strip()
    return [full, bare] if bare and bare != full else [full]


def map_columns(
    header: Sequence[str],
    columns: Mapping[str, Sequence[str]],
    *,
    required: Collection[str],
    allow_unknown: bool = False,
) -> dict[str, int]:
    """Map canonical column names to their index in `header`.

    `columns` gives each canonical name its accepted aliases (the canonical
    name itself is always accepted); the first alias is used in messages, so
    put the Chinese label first. Matching ignores width (NFKC), case, outer
    and repeated spaces, and a parenthesised suffix. Empty header cells are
    ignored. Raises `TableError` listing every missing required column, every
    column given twice and -- unless `allow_unknown` -- every column not in
    `columns`. Optional columns absent from the header are absent from the result.
    """
    unknown_required = set(required) - set(columns)
    if unknown_required:
        raise ValueError(f"required columns not in columns: {sorted(unknown_required)}")
    lookup: dict[str, str] = {}
    for canonical, aliases in columns.items():
        for alias in (canonical, *aliases):
            key = _header_key(alias)
            owner = lookup.setdefault(key, canonical)
            if owner != canonical:
                raise ValueError(f"alias {alias!r} belongs to both {owner!r} and {canonical!r}")

    found: dict[str, int] = {}
    duplicates: list[str] = []
    unknown: list[str] = []
    for index, cell in enumerate(header):
        if not cell.strip():
            continue
        match = next((lookup[key] for key in _header_keys(cell) if key in lookup), None)
        if match is None:
            unknown.append(f"{_column_letter(index)}:{cell.strip()}")
        elif match in found:
            first = found[match]
            duplicates.append(
                f"{_column_letter(first)}:{header[first].strip()} / "
                f"{_column_letter(index)}:{cell.strip()}"
            )
        else:
            found[match] = index

    def label(canonical: str) -> str:
        aliases = columns[canonical]
        return f"{aliases[0]}({canonical})" if aliases else canonical

    missing = [label(c) for c in columns if c in required and c not in found]
    problems_zh: list[str] = []
    problems_en: list[str] = []
    if missing:
        problems_zh.append("缺少必填列：" + "、".join(missing))
        problems_en.append("missing required columns: " + ", ".join(missing))
    if duplicates:
        problems_zh.append("列重复：" + "、".join(duplicates))
        problems_en.append("duplicate columns: " + ", ".join(duplicates))
    if unknown and not allow_unknown:
        problems_zh.append("无法识别的列：" + "、".join(unknown))
        problems_en.append("unknown columns: " + ", ".join(unknown))
    if problems_zh:
        raise TableError("表头有误：" + "；".join(problems_zh),
                         "header problems: " + "; ".join(problems_en), row=None)
    return found


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet could run `value` as a formula (CSV injection).

    True for text starting with = + - @ tab or CR, and for their full-width
    forms (＝＋－＠), which NFKC normalisation downstream would turn into the
    real thing. A value that is entirely a plain number -- "-12", "+3.5",
    "-1e5" -- is not formula-like: spreadsheets read it as that number and
    nothing more. Nor is a lone "-" or "+", the placeholder clerks put in
    cells that do not apply. Anything after a number makes it formula-like
    again, so "-2+3+cmd|' /C calc'!A0" and "+86 10 1234 5678" are both True;
    the caller decides which fields may legitimately hold such text.
    """
    if not value:
        return False
    first = unicodedata.normalize("NFKC", value[0])[:1]
    if first not in _FORMULA_STARTS:
        return False
    if first in "+-":
        normalized = unicodedata.normalize("NFKC", value)
        return len(normalized) > 1 and _NUMBER_RE.fullmatch(normalized) is None
    return True
