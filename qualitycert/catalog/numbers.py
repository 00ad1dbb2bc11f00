"""Numbers the catalogue reads and writes. Pure functions, no Django.

A CCC certificate number is 16 digits: the year of issue (4), the
certification body's code (2), the product category code as the catalogue
writes it (4, e.g. 0703 空调器) and a serial (6). A self-declaration number is
ours: SD-<year>-<category code>-<serial>, so a number tells the public what
kind of document it is and for which product.
"""

from __future__ import annotations

import re

from qualitycert.lib.normalize import normalize_identifier

_CCC_NUMBER = re.compile(r"(?P<year>(19|20)[0-9][0-9])(?P<body>[0-9][0-9])(?P<category>[0-9]{4})(?P<serial>[0-9]{6})")
_CATEGORY_CODE = re.compile(r"[0-9]{4}")
_DECLARATION = re.compile(r"SD-(?P<year>[0-9]{4})-(?P<category>[0-9]{4})-(?P<serial>[0-9]{5,})")


def category_code_of_ccc_number(number: str) -> str | None:
    """The category code inside a 16-digit CCC certificate number, or None when
    the number is not in that shape."""
    match = _CCC_NUMBER.fullmatch(normalize_identifier(number))
    return match.group("category") if match else None


def is_category_code(code: str) -> bool:
    return bool(_CATEGORY_CODE.fullmatch(code))


def declaration_number(year: int, category_code: str, serial: int) -> str:
    if not is_category_code(category_code) or serial < 1 or not 1000 <= year <= 9999:
        raise ValueError("invalid declaration number parts")
    return f"SD-{year}-{category_code}-{serial:05d}"


def looks_like_declaration_number(raw: str) -> bool:
    return bool(_DECLARATION.fullmatch(normalize_identifier(raw)))
