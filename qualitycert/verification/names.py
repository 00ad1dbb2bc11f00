"""Matching a company name as a supplier list spells it to a registered
enterprise.

Names in procurement lists are close to, not equal to, the registered name:
"天津滨海测试制造" for "天津滨海测试制造有限公司", a 市 added or dropped. The
match runs in three steps, each bounded so that a 1,000-line list stays fast:

1. exact: the normalised key (qualitycert.lib.normalize.name_search_key)
   against Enterprise.name_key, all names of a batch in a few IN queries;
2. candidates: for the rest, enterprises whose key starts with the typed
   key's first characters, or with the distinctive part of the name (without
   region words and legal form) behind any usual region prefix — all index
   range scans in one query, at most 200 rows. Only if that finds nothing
   good, and at most CONTAINS_SCANS_PER_BATCH times per batch, a substring
   scan (`name_key LIKE '%probe%'`), which reads the whole table: ~10 ms for a
   district's tens of thousands of enterprises, too slow to do per line at
   national scale (there a pg_trgm index is the tool);
3. score: rapidfuzz's ratio between the names stripped of their legal-form
   suffix, best candidate only (process.extractOne).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from rapidfuzz import fuzz, process

from qualitycert.lib.normalize import name_search_key
from qualitycert.registry.models import Enterprise

from .queries import prefix_filter

# At or above this score a name is taken to mean the candidate.
MATCH_THRESHOLD = 85.0
CANDIDATES_PER_PROBE = 200
PREFIX_LENGTH = 6
PROBE_LENGTH = 4
LONG_PROBE_LENGTH = 8
CHUNK = 900
CONTAINS_SCANS_PER_BATCH = 10

# Longest first: 股份有限公司 before 有限公司 before 公司. Keys are casefolded
# and stripped of punctuation, so "Co., Ltd." is "coltd".
LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "分公司", "集团", "公司",
    "专业合作社", "合作社", "个体工商户", "coltd", "limited", "ltd", "inc", "corp", "co",
)
# Region words that start most local names and so say little about which company.
REGION_PREFIXES = (
    "中华人民共和国", "中国", "天津市滨海新区", "天津滨海新区", "滨海新区", "天津市", "天津",
    "滨海", "北京市", "北京", "上海市", "上海", "河北省", "河北",
)
# How registered names in the district usually begin, tried in front of the
# distinctive part of a typed name.
REGISTERED_PREFIXES = ("", "天津", "天津市", "天津滨海", "天津市滨海", "天津滨海新区",
                       "天津市滨海新区", "滨海", "滨海新区", "中国")


@dataclass(frozen=True)
class NameMatch:
    enterprise_id: int
    uscc: str
    name: str
    score: float

    @property
    def accepted(self) -> bool:
        return self.score >= MATCH_THRESHOLD


def core(key: str) -> str:
    """The key without its legal-form suffix(es)."""
    changed = True
    while changed and key:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                changed = True
                break
    return key


def distinctive(key: str) -> str:
    """The key without legal form and without the region words in front."""
    stripped = core(key)
    changed = True
    while changed:
        changed = False
        for prefix in REGION_PREFIXES:
            if stripped.startswith(prefix) and len(stripped) > len(prefix):
                stripped = stripped[len(prefix):]
                changed = True
                break
    return stripped


def probe(key: str) -> str:
    """A distinctive fragment to prefilter candidates with."""
    return distinctive(key)[:PROBE_LENGTH]


def score(typed: str, registered: str) -> float:
    return float(fuzz.ratio(core(name_search_key(typed)), core(name_search_key(registered))))


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def match_names(names: Iterable[str]) -> dict[str, NameMatch | None]:
    """Best registered enterprise for each distinct name (None: no candidate)."""
    keys = {name: name_search_key(name) for name in names}
    wanted = sorted({k for k in keys.values() if k})
    exact: dict[str, NameMatch] = {}
    for chunk in _chunks(wanted):
        for pk, uscc, name, key in (Enterprise.objects.filter(name_key__in=chunk)
                                    .order_by("pk").values_list("pk", "uscc", "name", "name_key")):
            exact.setdefault(key, NameMatch(pk, uscc, name, 100.0))
    fuzzy: dict[str, NameMatch | None] = {}
    scans_left = CONTAINS_SCANS_PER_BATCH
    results: dict[str, NameMatch | None] = {}
    for name, key in keys.items():
        if not key:
            results[name] = None
        elif key in exact:
            results[name] = exact[key]
        else:
            if key not in fuzzy:
                fuzzy[key] = _best(key, prefix_candidates(key))
                found = fuzzy[key]
                if (found is None or not found.accepted) and scans_left > 0:
                    scans_left -= 1
                    fuzzy[key] = _best(key, _substring_candidates(key)) or found
            results[name] = fuzzy[key]
    return results


Candidate = tuple[int, str, str, str]  # pk, uscc, name, name_key
_COLUMNS = ("pk", "uscc", "name", "name_key")


def prefix_candidates(key: str) -> list[Candidate]:
    """Two tiers, each capped: a long distinctive prefix finds the company
    among many that share a common start; a short one survives a typo later
    in the name."""
    rest = distinctive(key)
    found: dict[int, Candidate] = {}
    for length in (LONG_PROBE_LENGTH, PROBE_LENGTH):
        fragment = rest[:length]
        prefixes = {key[:PREFIX_LENGTH]} | ({p + fragment for p in REGISTERED_PREFIXES}
                                            if fragment else set())
        condition = Q()
        for prefix in sorted(prefixes):
            condition |= prefix_filter("name_key", prefix)
        for row in (Enterprise.objects.filter(condition).order_by().values_list(*_COLUMNS)
                    [:CANDIDATES_PER_PROBE]):
            found[row[0]] = row
        if len(rest) <= PROBE_LENGTH:
            break
    return list(found.values())


def _substring_candidates(key: str) -> list[Candidate]:
    fragment = probe(key)
    if len(fragment) < 2:
        return []
    return list(Enterprise.objects.filter(name_key__contains=fragment).order_by()
                .values_list(*_COLUMNS)[:CANDIDATES_PER_PROBE])


def _best(key: str, candidates: list[Candidate]) -> NameMatch | None:
    if not candidates:
        return None
    by_pk = {c[0]: c for c in candidates}
    choices = {pk: core(c[3]) for pk, c in by_pk.items()}
    best = process.extractOne(core(key), choices, scorer=fuzz.ratio)
    if best is None:
        return None
    _choice, best_score, pk = best
    pk, uscc, name, _key = by_pk[pk]
    return NameMatch(pk, uscc, name, round(float(best_score), 1))
