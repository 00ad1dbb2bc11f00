"""The one place where what people type becomes what we look up.

Clerks paste identifiers from Word documents and WeChat messages: full-width
letters and digits (９１１２…), ideographic spaces, lower case, 「」 or 【】 around
the code, em dashes instead of hyphens. Every lookup and every validator calls
these functions first, so "９１１２０１１６ ＭＡ０５…" and "91120116MA05…" are the
same key everywhere.
"""

from __future__ import annotations

import re
import unicodedata

_WRAPPERS = "「」『』【】《》〈〉“”‘’\"'()（）[]［］{}｛｝<>"
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")
_SPACE_RE = re.compile(r"\s+")


def normalize_identifier(raw: object) -> str:
    """Certificate numbers, USCCs, approval and CMA numbers: NFKC, no spaces at
    all, upper case, surrounding brackets and quotes removed, dashes unified."""
    if raw is None:
        return ""
    text = str(raw)
    # Removing a space can join a combining mark to a letter, and upper() can
    # produce new compositions, so repeat until nothing changes (at most a few
    # rounds): normalising a normalised key must give the same key.
    for _ in range(4):
        step = unicodedata.normalize("NFKC", text).translate(_DASHES)
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
