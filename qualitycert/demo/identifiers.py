"""Identifiers that pass the real checks: USCCs, CNCA-R approval numbers, CMA
numbers, and certificate numbers in each body's own format.

Uniqueness comes from construction, not from remembering what was issued:
every organisation gets a running index, and the index goes through a
bijection into the organisation-code part of its USCC. A national run of a
million and a half organisations therefore needs no set of used codes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from qualitycert.lib import uscc

_ALPHABET = uscc.ALPHABET  # no I, O, S, V, Z
_NEW_SPACE = 31 ** 5
_OLD_SPACE = 60_000_000


@dataclass(frozen=True)
class UsccMaker:
    """Maps organisation index → organisation-code body (positions 9–16).

    Codes issued since the 2015 reform start "MA"; older ones are the eight
    digits of the former organisation code. An affine map with a multiplier
    coprime to the space is a bijection, and the seed picks the multiplier
    and offset, so codes look scattered yet never repeat. Digit codes stay in
    10000000–69999999, away from the test factories' 7xxxxxxx range.
    """

    new_mul: int
    new_add: int
    old_mul: int
    old_add: int

    @classmethod
    def from_rng(cls, rng: random.Random) -> UsccMaker:
        new_mul = rng.randrange(1_000_003, _NEW_SPACE)
        while new_mul % 31 == 0:
            new_mul += 1
        old_mul = rng.randrange(1_000_003, _OLD_SPACE)
        while old_mul % 2 == 0 or old_mul % 3 == 0 or old_mul % 5 == 0:
            old_mul += 1
        return cls(new_mul, rng.randrange(_NEW_SPACE), old_mul, rng.randrange(_OLD_SPACE))

    def body8(self, index: int, *, new_style: bool) -> str:
        if new_style:
            value = (index * self.new_mul + self.new_add) % _NEW_SPACE
            chars = []
            for _ in range(5):
                value, digit = divmod(value, 31)
                chars.append(_ALPHABET[digit])
            return "MA0" + "".join(reversed(chars))
        value = (index * self.old_mul + self.old_add) % _OLD_SPACE
        return f"{10_000_000 + value:08d}"

    def make(self, index: int, *, authority_kind: str, division: str, new_style: bool) -> str:
        return uscc.complete(f"{authority_kind}{division}{self.body8(index, new_style=new_style)}")


def approval_number(year: int, serial: int) -> str:
    return f"CNCA-R-{year}-{serial:03d}"


def cma_number(year: int, authority: str, field_code: str, sector: int, serial: int) -> str:
    """YY + issuing authority + field + sector + serial (4 digits, never 0000)."""
    return f"{year % 100:02d}{authority}{field_code}{sector:02d}{serial:04d}"


# Certificate numbers. Each body keeps one style and a running serial, so a
# number is unique within its body (the registry's constraint) while two
# bodies may well print the same number.
SCHEME_LETTERS = {
    "ISO9001": "Q", "ISO14001": "E", "ISO45001": "S", "ISO50001": "EN", "ISO27001": "IS",
    "ISO20000": "IT", "ISO22301": "BC", "ISO55001": "AM", "ISO56002": "IN", "ISO13485": "MD",
    "IATF16949": "TS", "GBT29490": "IP", "GBT50430": "EC", "CCC": "C", "CQC-VOL": "P",
    "GREEN-PRODUCT": "GP", "LOW-CARBON": "LC", "ENERGY-SAVING": "ES", "GBT27922": "SV",
    "ELDERLY-CARE": "EC", "LOGISTICS": "LS", "ECOMMERCE": "EB", "ISO10002": "CH",
    "SERVICE-QUALITY": "SQ", "ORGANIC": "OP", "GAP": "GAP", "HACCP": "H", "ISO22000": "F",
    "GREEN-FOOD": "GF", "FEED-GMP": "FD",
}
NUMBER_STYLES = ("cqc", "dash", "compact", "slash", "mixed")


@dataclass
class NumberFormat:
    style: str
    code: int      # the body's own three-digit code inside its numbers
    prefix: str    # letters from the body's name (HX, BJZR …)

    def make(self, *, serial: int, year: int, scheme: str, size_letter: str) -> str:
        letter = SCHEME_LETTERS.get(scheme, "X")
        if scheme == "CCC":
            # CCC numbers: year, body code, product class, serial — 16 digits.
            return f"{year}{self.code % 100:02d}{serial % 97 + 1:02d}{serial:08d}"
        if scheme in {"ORGANIC", "GAP", "GREEN-FOOD"}:
            return f"{self.code:03d}{letter}{year % 100:02d}{serial:07d}"
        if self.style == "cqc":
            return f"{self.code:03d}{year % 100:02d}{letter}{serial:05d}R0{size_letter}"
        if self.style == "dash":
            return f"{self.prefix}-{letter}-{year}-{serial:06d}"
        if self.style == "compact":
            return f"{self.prefix}{year % 100:02d}{letter}{serial:06d}"
        if self.style == "slash":
            return f"{self.prefix}/{year}/{letter}{serial:05d}"
        return f"{letter}{year % 100:02d}{self.prefix}{serial:05d}"
