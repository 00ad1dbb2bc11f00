"""The quality-credit grade as a pure function of (model, facts, as-of date).

No Django here: the model is data (a JSON document, versioned and published
in `models.GradingModel`), the facts are plain tuples read from the archive,
and the arithmetic is integer-only, so the same inputs give the same grade
bit for bit on any machine, and an outsider holding the exported model JSON
can recompute a grade with a page of code (docs/credit-grading.md).

The model (format ``qualitycert-credit-model/1``):

    {"format": "qualitycert-credit-model/1",
     "indicators": [
       {"code": "certificates_held", "group": "capability",
        "fact": "certificate_held", "count": "active",
        "rule": "more_is_better", "cap": 2, "weight": 20},
       {"code": "sampling_pass_rate", "group": "performance",
        "fact": "sampling_pass", "against": "sampling_fail", "count": "events",
        "window_days": 1095, "rule": "ratio", "empty": 800, "weight": 20}, …],
     "vetoes": [{"fact": "dishonesty_listed", "grade": "D"}],
     "thresholds": {"A": 85, "B": 70, "C": 55}}

Counting a fact of kind ``fact`` (and, for a ratio, ``against``) as of day T:

- ``events``: occurred_on in (T − window_days, T]; window_days 0 means all of
  history up to T;
- ``active``: occurred_on ≤ T and (ends_on is empty or ends_on > T).

Each indicator's sub-score s is an integer per mille (0–1000), with n the
count, c the cap, p/f the counts of ``fact``/``against``:

- ``more_is_better``: s = min(n, c) · 1000 // c
- ``fewer_is_better``: s = (c − min(n, c)) · 1000 // c
- ``presence``: s = 1000 if n > 0 else 0
- ``ratio``: s = p · 1000 // (p + f), or ``empty`` when p + f = 0

The score in hundredths of a point is Σ(weight · s) · 100 // (Σ weight · 10),
0 … 10000. The grade is the first of A, B, C whose threshold (whole points)
the score reaches, else D; then each veto whose fact is active as of T caps
the grade at its ``grade`` (D is the worst).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

FORMAT = "qualitycert-credit-model/1"
GRADES = ("A", "B", "C", "D")
GROUPS = ("philosophy", "capability", "performance", "risk")
RULES = ("more_is_better", "fewer_is_better", "presence", "ratio")
COUNTS = ("events", "active")
FULL = 1000
MAX_SCORE = 10000
CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class ModelError(ValueError):
    """A grading model that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class FactRow(NamedTuple):
    """One archive fact as the grader reads it (dates as proleptic ordinals)."""

    kind: str
    occurred: int
    ends: int | None
    fact_id: int


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    fact: str
    count: str
    rule: str
    weight: int
    window_days: int = 0
    cap: int = 1
    against: str = ""
    empty: int = 0


@dataclass(frozen=True)
class Veto:
    fact: str
    grade: str


@dataclass(frozen=True)
class GradingSpec:
    indicators: tuple[Indicator, ...]
    vetoes: tuple[Veto, ...]
    thresholds: tuple[tuple[str, int], ...]  # (grade, whole points), A first

    @property
    def total_weight(self) -> int:
        return sum(i.weight for i in self.indicators)

    def fact_kinds(self) -> frozenset[str]:
        kinds = {i.fact for i in self.indicators} | {v.fact for v in self.vetoes}
        return frozenset(kinds | {i.against for i in self.indicators if i.against})


class Contribution(NamedTuple):
    """One indicator that counted at least one fact."""

    code: str
    n: int
    against: int
    subscore: int  # per mille
    weight: int
    fact_ids: tuple[int, ...]


class GradeResult(NamedTuple):
    score: int  # hundredths of a point, 0 … 10000
    grade: str
    vetoed_by: str  # the fact kind that capped the grade, or ""
    contributions: tuple[Contribution, ...]


# --- reading a model -------------------------------------------------------

def _int(value: Any, where: str, problems: list[str], *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(f"{where}: an integer from {low} to {high} is required, not {value!r}")
        return low
    return value


def _code(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value or not set(value) <= CODE_CHARS \
            or len(value) > 48:
        problems.append(f"{where}: a code of a-z, 0-9 and _ is required, not {value!r}")
        return ""
    return value


def parse_spec(document: Any, *, fact_kinds: Iterable[str] | None = None) -> GradingSpec:
    """Check a model document and return it as a GradingSpec; ModelError lists
    every problem at once. `fact_kinds`, when given, are the kinds the archive
    knows: an indicator over any other kind would silently score nothing."""
    problems: list[str] = []
    if not isinstance(document, Mapping):
        raise ModelError(["the model must be a JSON object"])
    if document.get("format", FORMAT) != FORMAT:
        problems.append(f"format must be {FORMAT!r}")
    known = frozenset(fact_kinds) if fact_kinds is not None else None
    raw_indicators = document.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise ModelError([*problems, "indicators: a non-empty list is required"])
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_indicators, start=1):
        where = f"indicator {n}"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: an object is required")
            continue
        code = _code(raw.get("code"), f"{where} code", problems)
        where = f"indicator {code or n}"
        if code in seen:
            problems.append(f"{where}: the code is used twice")
        seen.add(code)
        group = raw.get("group")
        if group not in GROUPS:
            problems.append(f"{where}: group must be one of {', '.join(GROUPS)}")
        rule = raw.get("rule")
        if rule not in RULES:
            problems.append(f"{where}: rule must be one of {', '.join(RULES)}")
        count = raw.get("count", "events")
        if count not in COUNTS:
            problems.append(f"{where}: count must be one of {', '.join(COUNTS)}")
        fact = _code(raw.get("fact"), f"{where} fact", problems)
        against = raw.get("against", "")
        if rule == "ratio":
            against = _code(against, f"{where} against", problems)
        elif against:
            problems.append(f"{where}: only a ratio has an 'against' fact")
        for kind in (fact, against):
            if known is not None and kind and kind not in known:
                problems.append(f"{where}: the archive has no fact kind {kind!r}")
        weight = _int(raw.get("weight"), f"{where} weight", problems, low=1, high=1000)
        window = _int(raw.get("window_days", 0), f"{where} window_days", problems,
                      low=0, high=36500)
        if count == "active" and window:
            problems.append(f"{where}: an 'active' count has no window")
        cap = _int(raw.get("cap", 1), f"{where} cap", problems, low=1, high=10000)
        empty = _int(raw.get("empty", 0), f"{where} empty", problems, low=0, high=FULL)
        unknown = set(raw) - {"code", "group", "fact", "count", "rule", "weight",
                              "window_days", "cap", "against", "empty", "label", "label_en",
                              "note"}
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        indicators.append(Indicator(code=code, group=str(group), fact=fact, count=str(count),
                                    rule=str(rule), weight=weight, window_days=window,
                                    cap=cap, against=str(against or ""), empty=empty))
    vetoes: list[Veto] = []
    raw_vetoes = document.get("vetoes", [])
    if not isinstance(raw_vetoes, list):
        problems.append("vetoes: a list is required")
        raw_vetoes = []
    for n, raw in enumerate(raw_vetoes, start=1):
        if not isinstance(raw, Mapping):
            problems.append(f"veto {n}: an object is required")
            continue
        fact = _code(raw.get("fact"), f"veto {n} fact", problems)
        if known is not None and fact and fact not in known:
            problems.append(f"veto {n}: the archive has no fact kind {fact!r}")
        grade = raw.get("grade")
        if grade not in GRADES:
            problems.append(f"veto {n}: grade must be one of A, B, C, D")
            grade = "D"
        vetoes.append(Veto(fact, str(grade)))
    raw_thresholds = document.get("thresholds")
    thresholds: list[tuple[str, int]] = []
    if not isinstance(raw_thresholds, Mapping) or set(raw_thresholds) != {"A", "B", "C"}:
        problems.append("thresholds: an object with exactly A, B and C is required")
    else:
        for grade in ("A", "B", "C"):
            thresholds.append((grade, _int(raw_thresholds[grade], f"threshold {grade}",
                                           problems, low=0, high=100)))
        points = [p for _, p in thresholds]
        if not points[0] > points[1] > points[2]:
            problems.append("thresholds: A must be above B, and B above C")
    if problems:
        raise ModelError(problems)
    return GradingSpec(tuple(indicators), tuple(vetoes), tuple(thresholds))


def canonical(document: Mapping[str, Any]) -> str:
    """The one spelling of a model that is hashed, signed and exported."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def spec_digest(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(document).encode("utf-8")).hexdigest()


# --- grading -----------------------------------------------------------------

class Grader:
    """A model compiled for one as-of date. Most enterprises have facts of a
    few kinds only, so the score starts from every indicator's no-fact value
    and only the indicators an enterprise's facts touch are worked out: the
    cost of a grade follows its facts, not the size of the model."""

    def __init__(self, spec: GradingSpec, as_of: int) -> None:
        self.spec = spec
        self.as_of = as_of
        self.total_weight = spec.total_weight
        # kind -> [(slot, counts while active, earliest day counted)]; slot
        # 2i counts indicator i's fact, 2i+1 its 'against' fact.
        routes: dict[str, list[tuple[int, bool, int]]] = {}
        for i, ind in enumerate(spec.indicators):
            active = ind.count == "active"
            earliest = as_of - ind.window_days + 1 if ind.window_days else -(1 << 62)
            routes.setdefault(ind.fact, []).append((2 * i, active, earliest))
            if ind.against:
                routes.setdefault(ind.against, []).append((2 * i + 1, active, earliest))
        self.routes = routes
        self.veto_kinds = {v.fact: v.grade for v in spec.vetoes}
        self.empty = [subscore(ind, 0, 0) for ind in spec.indicators]
        self.empty_total = sum(ind.weight * s for ind, s in zip(spec.indicators, self.empty,
                                                                strict=True))

    def grade(self, facts: Iterable[FactRow] | Iterable[tuple[str, int, int | None, int]]
              ) -> GradeResult:
        """One enterprise's grade from its facts (in any order)."""
        for _, result in self.grade_stream((0, *f) for f in facts):
            return result
        return self._finish({}, {}, ())

    def grade_stream(self, rows: Iterable[tuple[int, str, int, int | None, int]]
                     ) -> Iterator[tuple[int, GradeResult]]:
        """(enterprise, grade) for rows (enterprise, kind, occurred, ends, id)
        that come grouped by enterprise."""
        as_of, routes, vetoes = self.as_of, self.routes, self.veto_kinds
        current: int | None = None
        counts: dict[int, int] = {}
        ids: dict[int, list[int]] = {}
        vetoed: list[str] = []
        for enterprise, kind, occurred, ends, fact_id in rows:
            if enterprise != current:
                if current is not None:
                    yield current, self._finish(counts, ids, vetoed)
                current, counts, ids, vetoed = enterprise, {}, {}, []
            if occurred > as_of:
                continue
            active_now = ends is None or ends > as_of
            if active_now and kind in vetoes:
                vetoed.append(kind)
            route = routes.get(kind)
            if route is None:
                continue
            for slot, active, earliest in route:
                if active_now if active else occurred >= earliest:
                    counts[slot] = counts.get(slot, 0) + 1
                    ids.setdefault(slot >> 1, []).append(fact_id)
        if current is not None:
            yield current, self._finish(counts, ids, vetoed)

    def _finish(self, counts: dict[int, int], ids: dict[int, list[int]],
                vetoed: Iterable[str]) -> GradeResult:
        total = self.empty_total
        contributions = []
        indicators = self.spec.indicators
        for i in sorted(ids):
            ind = indicators[i]
            n, f = counts.get(2 * i, 0), counts.get(2 * i + 1, 0)
            s = subscore(ind, n, f)
            total += ind.weight * (s - self.empty[i])
            contributions.append(Contribution(ind.code, n, f, s, ind.weight,
                                              tuple(sorted(ids[i]))))
        score = total * 100 // (self.total_weight * 10)
        grade = grade_for(score, self.spec.thresholds)
        veto = ""
        for kind in sorted(set(vetoed)):
            capped = self.veto_kinds[kind]
            if GRADES.index(capped) > GRADES.index(grade):
                grade, veto = capped, kind
        return GradeResult(score, grade, veto, tuple(contributions))


def subscore(ind: Indicator, n: int, against: int = 0) -> int:
    if ind.rule == "more_is_better":
        return min(n, ind.cap) * FULL // ind.cap
    if ind.rule == "fewer_is_better":
        return (ind.cap - min(n, ind.cap)) * FULL // ind.cap
    if ind.rule == "presence":
        return FULL if n else 0
    if n + against == 0:
        return ind.empty
    return n * FULL // (n + against)


def grade_for(score: int, thresholds: Sequence[tuple[str, int]]) -> str:
    for grade, points in thresholds:
        if score >= points * 100:
            return grade
    return "D"


def grade(spec: GradingSpec, facts: Iterable[FactRow], as_of: int) -> GradeResult:
    """One enterprise's grade (see the module's docstring)."""
    return Grader(spec, as_of).grade(facts)


def contributions_json(result: GradeResult) -> list[list[Any]]:
    """What a grade record keeps: [code, count, against, subscore, weight,
    [fact ids]] for each indicator that counted a fact, in the model's order.
    Every other indicator gave its no-fact sub-score (`subscore(ind, 0, 0)`),
    which the model alone determines."""
    return [[c.code, c.n, c.against, c.subscore, c.weight, list(c.fact_ids)]
            for c in result.contributions]


def contributions_text(result: GradeResult) -> str:
    """contributions_json as compact JSON (json.dumps with separators
    (",", ":")), spelt out directly: codes are [a-z0-9_], the rest integers,
    and a run writes a million of these."""
    return "[" + ",".join(
        f'["{c.code}",{c.n},{c.against},{c.subscore},{c.weight},'
        f'[{",".join(map(str, c.fact_ids))}]]' for c in result.contributions) + "]"


def distribution(grades: Iterable[str]) -> dict[str, int]:
    counted = dict.fromkeys(GRADES, 0)
    for g in grades:
        counted[g] += 1
    return counted
