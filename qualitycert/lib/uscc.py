"""Unified social credit code (统一社会信用代码), GB 32100-2015.

python-stdnum's cn.uscc checks only the final character and rejects the
registration-authority codes A, N and Y that GB 32100 and later notices allow;
this module checks the whole structure, including the GB 11714 organisation
code (positions 9–17) with its own check character.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalize import normalize_identifier

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS_18 = [pow(3, i, 31) for i in range(17)]
_WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2]
AUTHORITIES = set("123456789ANY")


@dataclass(frozen=True)
class InvalidUSCC(ValueError):
    """Why a code is not a valid USCC, in Chinese and English."""

    value: str
    reason_zh: str
    reason_en: str

    def __str__(self) -> str:
        return f"{self.reason_zh}（{self.reason_en}）: {self.value}"


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
    if not code[2:8].isdigit():
        raise InvalidUSCC(code, "第3-8位行政区划码应为数字",
                          "positions 3-8 must be an administrative division code")
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
