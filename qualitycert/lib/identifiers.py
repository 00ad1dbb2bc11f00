"""Validators for the other identifiers the registry keeps: certification-body
approval numbers (CNCA-R-YYYY-NNN) and inspection-lab CMA numbers (12 digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import normalize_identifier

_CNCA_RE = re.compile(r"^CNCA-R-(\d{4})-(\d{3})$")
# Issuing authority of a CMA certificate: 00 for SAMR itself, else the
# province-level GB/T 2260 prefix.
CMA_AUTHORITIES = {
    "00", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61",
    "62", "63", "64", "65",
}


@dataclass(frozen=True)
class InvalidIdentifier(ValueError):
    value: str
    reason_zh: str
    reason_en: str

    def __str__(self) -> str:
        return f"{self.reason_zh}（{self.reason_en}）: {self.value}"


def validate_approval_number(raw: object) -> str:
    value = normalize_identifier(raw)
    match = _CNCA_RE.match(value)
    if not match:
        raise InvalidIdentifier(value, "认证机构批准号格式应为 CNCA-R-年份-三位序号",
                                "approval number must look like CNCA-R-YYYY-NNN")
    year = int(match.group(1))
    if not 2002 <= year <= 2100:
        raise InvalidIdentifier(value, "批准号中的年份不合理", "the year in the approval number is implausible")
    if match.group(2) == "000":
        raise InvalidIdentifier(value, "批准号序号不能为000", "the serial part cannot be 000")
    return value


def validate_cma_number(raw: object) -> str:
    value = normalize_identifier(raw)
    if len(value) != 12 or not value.isdigit():
        raise InvalidIdentifier(value, "CMA资质认定证书编号应为12位数字",
                                "a CMA number is 12 digits")
    if value[2:4] not in CMA_AUTHORITIES:
        raise InvalidIdentifier(value, "CMA编号第3-4位发证机关代码无效",
                                "digits 3-4 are not a known issuing authority")
    if value[8:] == "0000":
        raise InvalidIdentifier(value, "CMA编号流水号不能为0000", "the serial part cannot be 0000")
    return value
