""""您要找的是不是…": registered names close to a name that found nothing.

People type company names from memory or from a photo: one character wrong
(种殖 for 种植, 环宝 for 环保), a word left out (天津滨海测试有限公司 for
天津滨海测试制造有限公司). A substring search finds nothing then. Here the
registered names nearest to what was typed are found in two bounded steps:

1. candidates, by cheap SQL that tolerates one wrong character:
   - index range scans on `name_key` for the typed key's start and for its
     distinctive part behind the district's usual prefixes (names.py), and
   - one scan ranking names by how many of the typed name's character
     pairs (bigrams) they contain: one wrong character spoils at
     most two pairs, so the intended name still shares most of them. Pairs
     every company shares (有限, 科技 …) are left out. At most
     CANDIDATES rows. This reads the table once (~30 ms of CPU on SQLite for
     the demo district's 30,000 enterprises), so it runs only when the
     indexed prefix probes found nothing scoring GOOD_ENOUGH; at province
     scale and beyond a pg_trgm index on name_key should replace it.
2. scoring with rapidfuzz (`closeness`): the ratio of the names without their
   legal form, or the partial ratio of their distinctive parts for a fragment
   of a longer name; the best SUGGESTIONS at or above SCORE_CUTOFF.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from rapidfuzz import fuzz

from qualitycert.lib.normalize import name_search_key
from qualitycert.registry.models import Enterprise

from .names import core, distinctive, prefix_candidates

CANDIDATES = 300
SUGGESTIONS = 5
SCORE_CUTOFF = 70.0
PART_WEIGHT = 0.9
# A prefix candidate this close is taken without scanning the table.
GOOD_ENOUGH = 85.0
# Bigrams most registered names contain: they select nothing.
COMMON_BIGRAMS = frozenset({
    "有限", "限公", "公司", "责任", "任公", "股份", "份有", "科技", "技有", "集团", "团有",
    "天津", "津市", "滨海", "海新", "新区", "津滨", "市滨", "发展", "展有", "贸易", "易有",
    "商贸", "贸有", "工程", "程有", "服务", "务有", "制造", "造有", "技术",
})
MAX_BIGRAMS = 8


@dataclass(frozen=True)
class Suggestion:
    uscc: str
    name: str
    score: float


def bigrams(key: str) -> list[str]:
    """The distinctive character pairs of a key, in order, without repeats."""
    seen: dict[str, None] = {}
    for i in range(len(key) - 1):
        pair = key[i:i + 2]
        if pair not in COMMON_BIGRAMS:
            seen.setdefault(pair, None)
    return list(seen)[:MAX_BIGRAMS]


def _bigram_candidates(key: str) -> list[tuple[int, str, str, str]]:
    # The whole key's pairs, not only the distinctive part's: with a typo in a
    # short distinctive part (测式制造) the pair across the region word (海测)
    # may be the only one left.
    pairs = bigrams(core(key))
    if not pairs:
        return []
    # Plain CASE and LIKE, which both databases run natively (Django's SQLite
    # backend runs Sign() and other maths functions as Python callbacks).
    shared = sum((Case(When(name_key__contains=pair, then=Value(1)), default=Value(0),
                       output_field=IntegerField()) for pair in pairs),
                 start=Value(0, output_field=IntegerField()))
    # Most pairs shared first: the intended name has all but the one or two a
    # typo spoils.
    return list(Enterprise.objects.annotate(shared=shared).filter(shared__gt=0)
                .order_by("-shared", "pk").values_list("pk", "uscc", "name", "name_key")
                [:CANDIDATES])


def closeness(typed_key: str, registered_key: str) -> tuple[float, float]:
    """(score, tie-break) of a registered name for a typed one, both keys.
    The score is the better of the whole names' ratio (a typo or a missing
    word in a full name) and the partial ratio of the distinctive parts,
    discounted a little (a fragment such as 绿野种殖 inside 绿野种植农业科技)."""
    whole = fuzz.ratio(core(typed_key), core(registered_key))
    part = fuzz.partial_ratio(distinctive(typed_key), distinctive(registered_key)) * PART_WEIGHT
    return max(whole, part), whole


def suggestions(text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Registered names close to `text`, best first; [] when none is close."""
    key = name_search_key(text)[:100]
    if len(key) < 2:
        return []
    scored = _scored(key, prefix_candidates(key))
    if not scored or -scored[0][0] < GOOD_ENOUGH:
        # The indexed probes found nothing convincing: the one table scan.
        seen = {row[2] for row in scored}
        scored = sorted(scored + _scored(key, [row for row in _bigram_candidates(key)
                                               if row[0] not in seen]))
    return [Suggestion(uscc, name, round(-neg, 1))
            for neg, _tie, _pk, uscc, name in scored[:limit]]


def _scored(key: str, rows: list[tuple[int, str, str, str]]
            ) -> list[tuple[float, float, int, str, str]]:
    """(−score, −tie-break, pk, uscc, name) of the rows at or above the cutoff, best first."""
    scored = []
    for pk, uscc, name, name_key in rows:
        score, tie = closeness(key, name_key)
        if score >= SCORE_CUTOFF:
            scored.append((-score, -tie, pk, uscc, name))
    return sorted(scored)
