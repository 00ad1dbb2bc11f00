"""Unified social credit code (统一社会信用代码), GB 32100-2015.

python-stdnum's cn.uscc checks only the final character and rejects the
registration-authority codes A, N and Y that GB 32100 and later notices allow;
this module checks the whole structure: the registration authority and the
entity type it allows (positions 1–2), an administrative division that exists
or existed (positions 3–8, GB/T 2260, data/gb2260.csv), the GB 11714
organisation code (positions 9–17) with its own check character, and the
overall check character.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from .i18n import pick
from .normalize import normalize_identifier

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS_18 = [pow(3, i, 31) for i in range(17)]
_WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2]
# Registration authority (position 1) → the entity types (position 2) it
# registers: GB 32100-2015 Table 1, with A (军队 the Central Military Commission's
# reform and establishment office) and N (农业 rural collective economic
# organisations) as later allocated. 9 is always "other" where the table has it.
AUTHORITY_TYPES: dict[str, str] = {
    "1": "1239",    # 机构编制: 机关, 事业单位, 编办管理的群众团体, 其他
    "2": "19",      # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",      # 文化: 外国在华文化中心, 其他
    "5": "1239",    # 民政: 社会团体, 民办非企业单位（社会服务机构）, 基金会, 其他
    "6": "129",     # 旅游: 外国及港澳台旅游部门常驻代表机构, 其他
    "7": "129",     # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",      # 工会: 基层工会, 其他
    "9": "123",     # 工商（市场监管）: 企业, 个体工商户, 农民专业合作社
    "A": "19",      # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",    # 农业: 组级、村级、乡镇级集体经济组织, 其他
    "Y": "1",       # 其他
}
AUTHORITIES = set(AUTHORITY_TYPES)
DIVISIONS_FILE = Path(__file__).resolve().parent / "data" / "gb2260.csv"


@functools.cache
def division_codes() -> frozenset[str]:
    """Every GB/T 2260 code, current or withdrawn (data/README.md says why)."""
    with DIVISIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle))


@dataclass(frozen=True)
class InvalidUSCC(ValueError):
    """Why a code is not a valid USCC, in Chinese and English."""

    value: str
    reason_zh: str
    reason_en: str

    def __str__(self) -> str:
        return f"{pick(self.reason_zh, self.reason_en)}: {self.value}"


def _org_char_value(ch: str) -> int:
    # GB 11714 values letters A=10 … Z=35, unlike the USCC alphabet.
    return int(ch) if ch.isdigit() else ord(ch) - 55


def organisation_check_char(body8: str) -> str:
    """The GB 11714 check character for the 8-character organisation code body."""
    total = sum(_org_char_value(c) * w for c, w in zip(body8, _WEIGHTS_ORG, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def final_check_char(first17: str) -> str:
    """The GB 32100 check character (position 18) for the first 17 characters."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS_18, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def complete(first16: str) -> str:
    """Append both check characters to 16 characters (positions 1–16)."""
    first17 = first16 + organisation_check_char(first16[8:16])
    return first17 + final_check_char(first17)


def validate(raw: object) -> str:
    """Return the normalised code or raise InvalidUSCC saying what is wrong."""
    code = normalize_identifier(raw)
    if len(code) != 18:
        raise InvalidUSCC(code, f"长度应为18位，实为{len(code)}位",
                          f"must be 18 characters, got {len(code)}")
    bad = [c for c in code if c not in _VALUE]
    if bad:
        raise InvalidUSCC(code, f"含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）",
                          f"contains the character {bad[0]!r}, not allowed (no I, O, S, V, Z)")
    if code[0] not in AUTHORITIES:
        raise InvalidUSCC(code, "第1位登记管理部门代码无效", "position 1 is not a registration authority")
    if code[1] not in AUTHORITY_TYPES[code[0]]:
        raise InvalidUSCC(code, f"第2位机构类别代码“{code[1]}”不属于登记管理部门“{code[0]}”",
                          f"position 2 ({code[1]}) is not an entity type registration "
                          f"authority {code[0]} registers")
    if code[2:8] not in division_codes():
        raise InvalidUSCC(code, f"第3-8位行政区划码{code[2:8]}不存在（GB/T 2260）",
                          f"positions 3-8 ({code[2:8]}) are no administrative division "
                          "(GB/T 2260)")
    if organisation_check_char(code[8:16]) != code[16]:
        raise InvalidUSCC(code, "第9-17位组织机构代码校验位错误",
                          "the organisation code check character (position 17) is wrong")
    if final_check_char(code[:17]) != code[17]:
        raise InvalidUSCC(code, "第18位校验码错误", "the check character (position 18) is wrong")
    return code


def is_valid(raw: object) -> bool:
    try:
        validate(raw)
    except InvalidUSCC:
        return False
    return True
