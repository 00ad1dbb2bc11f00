"""The figures of a progress report ("主要数据"): each a name and a number with
an optional unit, so that "新增获证企业：15 家" can be added up and
"新增获证企业：十五" cannot slip through as text. Pure; no Django models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# A decimal (ASCII digits, optional thousands commas, optional sign and
# fraction), then an optional unit of at most 10 characters that holds no digit.
_VALUE = re.compile(r"^(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
                    r"(?P<unit>[^\d\s][^\d]{0,9})?$")


class FigureValueError(ValueError):
    """The value is not a number (with an optional unit)."""


@dataclass(frozen=True)
class FigureValue:
    number: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{self.number}{self.unit}" if self.unit in ("%", "％") or not self.unit \
            else f"{self.number} {self.unit}"


def parse_value(text: str) -> FigureValue:
    """'15', '15家', '1,200 人次', '98.5%' → a number and its unit; anything
    else (Chinese numerals, an empty value, two numbers) raises."""
    match = _VALUE.match((text or "").strip().replace("，", ","))
    if match is None:
        raise FigureValueError(text)
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits decimals only
        raise FigureValueError(text) from exc
    return FigureValue(number, (match["unit"] or "").strip())
