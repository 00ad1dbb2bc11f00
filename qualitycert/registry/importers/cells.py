"""Turning one cell, as a clerk typed it, into a domain value — or saying why not.

Every parser raises `CellError` with the reason in Chinese and English; the
row validators attach the row number and column. These run millions of times
per import, so the common, already-clean case takes a fast path that gives
exactly what the general `lib.normalize` path would (tests check the two agree).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from qualitycert.lib import identifiers, uscc
from qualitycert.lib.normalize import (
    InvisibleCharacters,
    normalize_identifier,
    refuse_invisible,
)
from qualitycert.lib.tabular import is_formula_like

from ..models import BodyStatus, CertificateStatus, EnterpriseSize, LabStatus, LegalStatus


class CellError(ValueError):
    def __init__(self, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_zh, reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


# First characters that can start a formula once NFKC-normalised (= + - @ TAB CR
# and their full-width and compatibility forms), learnt one character at a time.
FORMULA_FIRST: dict[str, bool] = {ch: ch in "=+-@\t\r" for ch in map(chr, range(128))}


def looks_like_formula(value: str) -> bool:
    """lib.tabular's rule, with the usual harmless first character ruled out by
    a table lookup: whether text can start a formula depends first on its first
    character alone, and a million rows have only a few hundred of those."""
    if not value:
        return False
    first = value[0]
    risky = FORMULA_FIRST.get(first)
    if risky is None:
        risky = FORMULA_FIRST[first] = is_formula_like(first + "x")
    return risky and is_formula_like(value)


def formula_error() -> CellError:
    return CellError(
        "单元格内容以 = + - @ 开头，像是公式，已拒绝（确需此内容时请改写开头）",
        "the cell starts with = + - or @ and looks like a spreadsheet formula; refused",
    )

_PLAIN_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]*")


def identifier(raw: str, *, max_length: int = 64) -> str:
    """A certificate number (or similar): lib.normalize's key. Empty is an error."""
    if _PLAIN_IDENTIFIER.fullmatch(raw):
        # ASCII letters, digits, '.', '/', '-' are fixed points of NFKC, the
        # dash map and the wrapper strip: upper() is all the general path does.
        value = raw.upper()
    else:
        value = _stored_identifier(raw)
    if not value:
        raise CellError("不能为空", "must not be empty")
    if len(value) > max_length:
        raise CellError(f"长度超过{max_length}个字符", f"longer than {max_length} characters")
    return value


def _stored_identifier(raw: str) -> str:
    """An identifier the import will store: invisible characters refused."""
    try:
        return refuse_invisible(raw)
    except InvisibleCharacters as exc:
        raise CellError(exc.reason_zh, exc.reason_en) from None


def uscc_code(raw: str) -> str:
    if not raw.strip():
        raise CellError("不能为空", "must not be empty")
    _stored_identifier(raw)
    try:
        return uscc.validate(raw)
    except uscc.InvalidUSCC as exc:
        raise CellError(f"统一社会信用代码无效：{exc.reason_zh}",
                        f"not a valid USCC: {exc.reason_en}") from None


def approval_number(raw: str) -> str:
    _stored_identifier(raw)
    try:
        return identifiers.validate_approval_number(raw)
    except identifiers.InvalidIdentifier as exc:
        raise CellError(exc.reason_zh, exc.reason_en) from None


def cma_number(raw: str) -> str:
    _stored_identifier(raw)
    try:
        return identifiers.validate_cma_number(raw)
    except identifiers.InvalidIdentifier as exc:
        raise CellError(exc.reason_zh, exc.reason_en) from None


_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@lru_cache(maxsize=65536)
def date(raw: str) -> dt.date:
    """YYYY-MM-DD, and the other ways Excel/WPS in a Chinese locale write a date."""
    text = raw.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = _DATE_RE.fullmatch(unicodedata.normalize("NFKC", text))
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise CellError("日期不存在", "no such date") from None
    raise CellError("日期格式应为 YYYY-MM-DD", "dates must be written YYYY-MM-DD")


def optional_date(raw: str) -> dt.date | None:
    return date(raw) if raw.strip() else None


def text(raw: str, *, max_length: int, required: bool = False) -> str:
    """Free text: surrounding space removed, inner runs of space collapsed."""
    value = " ".join(raw.split())
    if required and not value:
        raise CellError("不能为空", "must not be empty")
    if len(value) > max_length:
        raise CellError(f"长度超过{max_length}个字符", f"longer than {max_length} characters")
    return value


def long_text(raw: str, *, max_length: int) -> str:
    """Text whose line breaks matter (a scope): only the ends are stripped."""
    value = raw.strip()
    if len(value) > max_length:
        raise CellError(f"长度超过{max_length}个字符", f"longer than {max_length} characters")
    return value


def text_list(raw: str, *, max_items: int = 200, max_length: int = 300) -> list[str]:
    """Items separated by ; or ；, in the given order, empty items dropped."""
    items = [" ".join(part.split()) for part in raw.replace("；", ";").split(";")]
    items = [item for item in items if item]
    if len(items) > max_items:
        raise CellError(f"超过{max_items}项", f"more than {max_items} items")
    for item in items:
        if len(item) > max_length:
            raise CellError(f"某一项长度超过{max_length}个字符",
                            f"an item is longer than {max_length} characters")
        if looks_like_formula(item):
            raise formula_error()
    return items


def _choice_map(choices: type, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accepted spellings → stored value: the API value and the Chinese word of
    each label ("有效 Valid" → 有效), plus any extra synonyms."""
    mapping: dict[str, str] = {}
    # Plain str values, not enum members: they go through marshal to the spool.
    for value, label in choices.choices:  # type: ignore[attr-defined]
        if value:
            mapping[str(value).casefold()] = str(value)
            mapping[str(label).split(" ", 1)[0]] = str(value)
    for spelling, value in (extra or {}).items():
        mapping[spelling.casefold()] = str(value)
    return mapping


CERTIFICATE_STATUSES = _choice_map(CertificateStatus)
LEGAL_STATUSES = _choice_map(LegalStatus, {"在业": LegalStatus.ACTIVE, "开业": LegalStatus.ACTIVE})
BODY_STATUSES = _choice_map(BodyStatus, {"有效": BodyStatus.APPROVED})
LAB_STATUSES = _choice_map(LabStatus)
SIZES = _choice_map(EnterpriseSize)


def choice(raw: str, mapping: dict[str, str]) -> str:
    key = raw.strip()
    value = mapping.get(key) or mapping.get(unicodedata.normalize("NFKC", key).casefold())
    if value is None:
        allowed = "、".join(sorted({k for k in mapping if not k.isascii()})) or "—"
        allowed_en = ", ".join(sorted({v for v in mapping.values() if v}))
        raise CellError(f"取值无效，应为：{allowed}", f"not a known value; expected one of: {allowed_en}")
    return value


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "f"}


def boolean(raw: str) -> bool:
    key = unicodedata.normalize("NFKC", raw).strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("应为“是”或“否”", "must be yes (是) or no (否)")


_DIVISION_RE = re.compile(r"\d{6}")
_INDUSTRY_RE = re.compile(r"[A-T](\d{2}|\d{3}|\d{4})?")


def division_code(raw: str) -> str:
    value = normalize_identifier(raw)
    if not _DIVISION_RE.fullmatch(value):
        raise CellError("行政区划代码应为6位数字", "a division code is 6 digits (GB/T 2260)")
    return value


def industry_code(raw: str) -> str:
    value = normalize_identifier(raw)
    if not _INDUSTRY_RE.fullmatch(value):
        raise CellError("行业代码应为门类字母加2-4位数字，如 C3411",
                        "an industry code is a section letter and 2-4 digits, e.g. C3411")
    return value
