"""The one place where what people type becomes what we look up.

Clerks paste identifiers from Word documents and WeChat messages: full-width
letters and digits (９１１２…), ideographic spaces, lower case, 「」 or 【】 around
the code, em dashes instead of hyphens. Every lookup and every validator calls
these functions first, so "９１１２０１１６ ＭＡ０５…" and "91120116MA05…" are the
same key everywhere.

Invisible characters are another matter. Unicode format characters (general
category Cf: zero-width space U+200B, soft hyphen U+00AD, word joiner U+2060,
byte-order mark U+FEFF, and every bidirectional control such as U+202D/U+202E)
display as nothing, so "10023E00001R0S" with a zero-width space after it looks
exactly like the real number. A lookup drops them (the key is what a person
sees); a write refuses them (`refuse_invisible`), so no stored identifier ever
holds one and no second certificate can sit unseen beside the real one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WRAPPERS = "「」『』【】《》〈〉“”‘’\"'()（）[]［］{}｛｝<>"
# Bidi_Control characters (UAX #9) are all Cf today; listed so the rule does
# not depend on a future Unicode version's categories.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")
_SPACE_RE = re.compile(r"\s+")


def is_invisible(ch: str) -> bool:
    """A format (Cf) or bidirectional-control character: it shows as nothing."""
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cf"


def invisible_characters(raw: object) -> list[str]:
    """The invisible characters in `raw`, as U+XXXX, in order of appearance."""
    return [f"U+{ord(ch):04X}" for ch in str(raw or "") if is_invisible(ch)]


def strip_invisible(text: str) -> str:
    if text.isascii():  # the usual case, and ASCII has no format character
        return text
    return "".join(ch for ch in text if not is_invisible(ch))


@dataclass(frozen=True)
class InvisibleCharacters(ValueError):
    """An identifier to be stored holds characters nobody can see."""

    found: tuple[str, ...]

    @property
    def reason_zh(self) -> str:
        return f"含有不可见字符（{'、'.join(self.found)}），请删除后重新输入"

    @property
    def reason_en(self) -> str:
        return (f"contains invisible characters ({', '.join(self.found)}); "
                "delete them and type it again")

    def __str__(self) -> str:
        return f"{self.reason_zh} {self.reason_en}"


def refuse_invisible(raw: object) -> str:
    """The identifier key of `raw` for storing; InvisibleCharacters if `raw`
    holds a format or bidi character."""
    found = invisible_characters(raw)
    if found:
        raise InvisibleCharacters(tuple(dict.fromkeys(found)))
    return normalize_identifier(raw)


def normalize_identifier(raw: object) -> str:
    """Certificate numbers, USCCs, approval and CMA numbers: NFKC, no spaces at
    all, no invisible characters, upper case, surrounding brackets and quotes
    removed, dashes unified."""
    if raw is None:
        return ""
    text = str(raw)
    # Removing a space can join a combining mark to a letter, and upper() can
    # produce new compositions, so repeat until nothing changes (at most a few
    # rounds): normalising a normalised key must give the same key.
    for _ in range(4):
        step = strip_invisible(unicodedata.normalize("NFKC", strip_invisible(text)))
        step = step.translate(_DASHES)
        step = _SPACE_RE.sub("", step).strip(_WRAPPERS).upper()
        if step == text:
            break
        text = step
    return text


def normalize_name(raw: object) -> str:
    """Organisation names, for matching: NFKC (so full-width brackets become
    ASCII on both sides of a comparison), inner runs of space collapsed, ends
    stripped. Case is kept for display; callers compare with casefold()."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw)).translate(_DASHES)
    return _SPACE_RE.sub(" ", text).strip()


def name_search_key(raw: object) -> str:
    """A name reduced to what identifies it: no spaces or punctuation, casefolded."""
    text = normalize_name(raw).casefold()
    return "".join(ch for ch in text if ch.isalnum())
