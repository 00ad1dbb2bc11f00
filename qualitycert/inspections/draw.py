"""The draw itself and its published record (抽取记录), without the database.

Everything a third party needs to re-run a 双随机 draw is in the record:
the frozen candidate list, the frozen inspector pool and the exclusions
(conflicts of interest and recent-inspection avoidance), the sampling
percentages, the team size and the random source values. ``compute_draw``
turns those inputs into picks and teams; the draw action and
``qualitycert draw-verify`` both call it, so there is one code path.
docs/draw-record.md is the public description of every rule here; keep the
two in step.

This module imports no Django, so the benchmark and any verifier can use it
on its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from qualitycert.lib.rfc3797 import DrawInputError, key_string, select, version_for

RECORD_FORMAT = "qualitycert-draw-record"
RECORD_FORMAT_VERSION = 1
RISK_CLASSES = ("A", "B", "C", "D")
# A stratum's key is the draw's sources plus one more source: this ordinal.
STRATUM_ORDINAL = {"A": 1, "B": 2, "C": 3, "D": 4}
# An assignment key is the sources plus two more: this tag, then the target's
# list index. 0 is no stratum ordinal, so the two kinds of key never collide.
ASSIGNMENT_TAG = 0
CANDIDATE_COLUMNS = ["index", "identifier", "name", "risk_class"]
POOL_COLUMNS = ["index", "enforcement_number", "name", "department"]
EXCLUSION_COLUMNS = ["inspector", "target", "kind"]
EXCLUSION_KINDS = ("conflict", "recent")
STATUS_ASSIGNED = "assigned"
STATUS_INSUFFICIENT = "insufficient"

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class RecordShapeError(ValueError):
    """The file is not a draw record (wrong type, missing or malformed field)."""


@dataclass(frozen=True)
class CandidateEntry:
    index: int
    identifier: str
    name: str
    risk_class: str


@dataclass(frozen=True)
class PoolEntry:
    index: int
    enforcement_number: str
    name: str
    department: str


@dataclass(frozen=True)
class ExclusionEntry:
    inspector: int  # pool index
    target: int  # candidate index
    kind: str


@dataclass
class DrawInputs:
    candidates: list[CandidateEntry]
    percents: dict[str, Decimal]
    sources: list[str]
    pool: list[PoolEntry]
    exclusions: list[ExclusionEntry]
    team_size: int


@dataclass
class StratumDraw:
    risk_class: str
    size: int
    percent: Decimal
    picks: int
    key: str
    positions: list[int]  # 1-based within the stratum, in pick order
    targets: list[int]  # candidate-list indices, in pick order

    @property
    def ordinal(self) -> int:
        return STRATUM_ORDINAL[self.risk_class]


@dataclass
class Assignment:
    target: int
    key: str
    eligible: int
    status: str
    inspectors: list[int] = field(default_factory=list)
    drawn_from: list[int] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)


@dataclass
class DrawOutcome:
    key: str
    version: str
    strata: list[StratumDraw]
    assignments: list[Assignment]


# --- the frozen lists -----------------------------------------------------------


def clean_field(text: object) -> str:
    """Tabs, line breaks and other control characters would break the
    one-line-per-entry format, so each run of them becomes one space."""
    return _CONTROL_RE.sub(" ", str(text)).strip()


def order_candidates(rows: Iterable[tuple[str, str, str]]) -> list[CandidateEntry]:
    """Number (identifier, name, risk class) rows in the stable published
    order: identifiers ascending by Unicode code point (they are normalised
    ASCII, so this is plain byte order)."""
    ordered = sorted((clean_field(i), clean_field(n), r) for i, n, r in rows)
    for before, after in itertools.pairwise(ordered):
        if before[0] == after[0]:
            raise ValueError(f"identifier {before[0]} appears twice in the candidate list")
    return [CandidateEntry(pos, i, n, r) for pos, (i, n, r) in enumerate(ordered, start=1)]


def _digest(lines: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for line in lines:
        sha.update(line.encode("utf-8"))
    return sha.hexdigest()


def candidate_lines(entries: Iterable[CandidateEntry]) -> Iterable[str]:
    for e in entries:
        yield f"{e.index}\t{e.identifier}\t{e.name}\t{e.risk_class}\n"


def candidate_list_sha256(entries: Iterable[CandidateEntry]) -> str:
    return _digest(candidate_lines(entries))


def pool_lines(entries: Iterable[PoolEntry]) -> Iterable[str]:
    for e in entries:
        yield f"{e.index}\t{e.enforcement_number}\t{e.name}\t{e.department}\n"


def pool_sha256(entries: Iterable[PoolEntry]) -> str:
    return _digest(pool_lines(entries))


def sort_exclusions(entries: Iterable[ExclusionEntry]) -> list[ExclusionEntry]:
    return sorted(set(entries), key=lambda e: (e.target, e.inspector, e.kind))


def exclusion_lines(entries: Iterable[ExclusionEntry]) -> Iterable[str]:
    for e in entries:
        yield f"{e.inspector}\t{e.target}\t{e.kind}\n"


def exclusions_sha256(entries: Iterable[ExclusionEntry]) -> str:
    return _digest(exclusion_lines(entries))


# --- counts and keys ----------------------------------------------------------------


def picks_for(size: int, percent: Decimal) -> int:
    """ceil(size × percent / 100), exactly: a stratum with any candidates and
    a positive percentage yields at least one pick; never more than size."""
    hundredths = int((Decimal(percent) * 100).to_integral_value())
    return min(size, -(-size * hundredths // 10000))


def stratum_key(sources: Sequence[str], risk_class: str) -> str:
    return key_string([*sources, str(STRATUM_ORDINAL[risk_class])])


def assignment_key(sources: Sequence[str], target_index: int, *, base: str | None = None) -> str:
    """key_string(sources + ["0", str(target_index)]). A source's part of the
    key depends on that source alone, so the two extra sources are appended
    to the base key as text; ``base`` (= key_string(sources)) saves
    re-reading the sources once per target."""
    if isinstance(target_index, bool) or not isinstance(target_index, int) or target_index < 0:
        raise ValueError("the target index must be a whole number ≥ 0")
    return (key_string(sources) if base is None else base) + f"{ASSIGNMENT_TAG}./{target_index}./"


def strata_members(entries: Iterable[CandidateEntry]) -> dict[str, list[int]]:
    """Candidate indices of each risk class, in list order."""
    members: dict[str, list[int]] = {rc: [] for rc in RISK_CLASSES}
    for e in entries:
        members[e.risk_class].append(e.index)
    return members


def draw_version(counts: Iterable[int], team_size: int) -> str:
    """One version for the whole draw: plain RFC 3797 unless some stratum
    needs more than 65,536 picks."""
    return version_for(max([team_size, *counts]))


# --- the draw ---------------------------------------------------------------------


def draw_strata(members: Mapping[str, Sequence[int]], percents: Mapping[str, Decimal],
                sources: Sequence[str], version: str | None = None) -> list[StratumDraw]:
    """Each risk stratum, in the fixed order A, B, C, D, is its own RFC 3797
    selection over that stratum's sublist (in list order)."""
    counts = {rc: picks_for(len(members[rc]), percents[rc]) for rc in RISK_CLASSES}
    version = version or version_for(max(counts.values()))
    out = []
    for rc in RISK_CLASSES:
        sub = members[rc]
        key = stratum_key(sources, rc)
        picked = select(len(sub), counts[rc], key, version=version) if sub else []
        out.append(StratumDraw(rc, len(sub), percents[rc], counts[rc], key,
                               [p + 1 for p in picked], [sub[p] for p in picked]))
    return out


def assign_inspectors(targets: Sequence[int], pool_size: int,
                      excluded: Mapping[int, set[int]], team_size: int,
                      sources: Sequence[str], version: str) -> list[Assignment]:
    """Teams for ``targets`` (candidate indices, in draw order).

    For each target: the eligible inspectors are the pool minus those
    excluded for it. With fewer than ``team_size`` eligible, the target is
    flagged ``insufficient`` and nobody is assigned. Otherwise inspectors are
    taken by workload within this draw, least loaded first: a whole load level
    that fits is taken as it is; the level that does not fit is narrowed by an
    RFC 3797 selection (key ``assignment_key``) over that level's members in
    pool order.
    """
    base = key_string(sources)
    load = [0] * (pool_size + 1)
    # Pool members by their load so far, each level in pool order; kept up to
    # date as teams form, so a target costs O(size of the levels it reads).
    by_load: dict[int, list[int]] = {0: list(range(1, pool_size + 1))} if pool_size else {}
    out = []
    for target in targets:
        key = assignment_key(sources, target, base=base)
        barred = excluded.get(target, set())
        eligible = pool_size - sum(1 for m in barred if 1 <= m <= pool_size)
        if eligible < team_size:
            out.append(Assignment(target, key, eligible, STATUS_INSUFFICIENT))
            continue
        team: list[int] = []
        drawn_from: list[int] = []
        positions: list[int] = []
        need = team_size
        for level in sorted(by_load):
            group = [m for m in by_load[level] if m not in barred] if barred else by_load[level]
            if not group:
                continue
            if len(group) <= need:
                team.extend(group)
                need -= len(group)
            else:
                picked = select(len(group), need, key, version=version)
                drawn_from = list(group)
                positions = [p + 1 for p in picked]
                team.extend(group[p] for p in picked)
                need = 0
            if not need:
                break
        for m in team:
            members = by_load[load[m]]
            members.remove(m)
            if not members:
                del by_load[load[m]]
            load[m] += 1
            bisect.insort(by_load.setdefault(load[m], []), m)
        out.append(Assignment(target, key, eligible, STATUS_ASSIGNED, team, drawn_from,
                              positions))
    return out


def compute_draw(inputs: DrawInputs) -> DrawOutcome:
    members = strata_members(inputs.candidates)
    counts = [picks_for(len(members[rc]), inputs.percents[rc]) for rc in RISK_CLASSES]
    version = draw_version(counts, inputs.team_size)
    strata = draw_strata(members, inputs.percents, inputs.sources, version)
    excluded: dict[int, set[int]] = defaultdict(set)
    for e in inputs.exclusions:
        excluded[e.target].add(e.inspector)
    targets = [t for s in strata for t in s.targets]
    assignments = assign_inspectors(targets, len(inputs.pool), excluded, inputs.team_size,
                                    inputs.sources, version)
    return DrawOutcome(key_string(inputs.sources), version, strata, assignments)


# --- the record -------------------------------------------------------------------


def build_record(inputs: DrawInputs, outcome: DrawOutcome, *, plan: dict[str, Any],
                 announcement: str, labels: Sequence[str], committed_at: str,
                 drawn_at: str) -> dict[str, Any]:
    by_index = {c.index: c for c in inputs.candidates}
    return {
        "format": RECORD_FORMAT,
        "format_version": RECORD_FORMAT_VERSION,
        "plan": plan,
        "committed_at": committed_at,
        "drawn_at": drawn_at,
        "candidates": {
            "columns": CANDIDATE_COLUMNS,
            "count": len(inputs.candidates),
            "sha256": candidate_list_sha256(inputs.candidates),
            "entries": [[c.index, c.identifier, c.name, c.risk_class] for c in inputs.candidates],
        },
        "inspector_pool": {
            "columns": POOL_COLUMNS,
            "count": len(inputs.pool),
            "sha256": pool_sha256(inputs.pool),
            "entries": [[p.index, p.enforcement_number, p.name, p.department]
                        for p in inputs.pool],
        },
        "exclusions": {
            "columns": EXCLUSION_COLUMNS,
            "count": len(inputs.exclusions),
            "sha256": exclusions_sha256(inputs.exclusions),
            "entries": [[e.inspector, e.target, e.kind] for e in inputs.exclusions],
        },
        "sources": {"announcement": announcement, "labels": list(labels),
                    "values": list(inputs.sources)},
        "team_size": inputs.team_size,
        "sampling_percent": {rc: str(inputs.percents[rc]) for rc in RISK_CLASSES},
        "algorithm": {"name": "RFC 3797", "version": outcome.version,
                      "strata_order": list(RISK_CLASSES), "stratum_ordinal": STRATUM_ORDINAL,
                      "assignment_tag": ASSIGNMENT_TAG},
        "key_string": outcome.key,
        "strata": [
            {"risk_class": s.risk_class, "ordinal": s.ordinal, "size": s.size,
             "picks": s.picks, "key_string": s.key, "positions": s.positions,
             "targets": s.targets}
            for s in outcome.strata
        ],
        "assignments": [
            {"target": a.target, "identifier": by_index[a.target].identifier,
             "key_string": a.key, "eligible": a.eligible, "status": a.status,
             "drawn_from": a.drawn_from, "positions": a.positions, "inspectors": a.inspectors}
            for a in outcome.assignments
        ],
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def record_text(record: Mapping[str, Any]) -> str:
    """The published text: UTF-8 JSON with one list entry, stratum or
    assignment per line, so a person can read it and a diff shows what
    changed. Any JSON reader gets back exactly ``record``."""
    parts = []
    for key, value in record.items():
        if isinstance(value, dict) and "entries" in value:
            fields = [f"  {_compact(k)}: {_compact(v)}" for k, v in value.items()
                      if k != "entries"]
            rows = ",\n".join(f"   {_compact(e)}" for e in value["entries"])
            fields.append(f'  "entries": [\n{rows}\n  ]' if rows else '  "entries": []')
            body = "{\n" + ",\n".join(fields) + "\n }"
        elif isinstance(value, list) and value:
            body = "[\n" + ",\n".join(f"  {_compact(e)}" for e in value) + "\n ]"
        else:
            body = _compact(value)
        parts.append(f" {_compact(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# --- reading a record back ----------------------------------------------------------


def _need(obj: Any, key: str, kind: type | tuple[type, ...], path: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise RecordShapeError(f"missing field {path}{key}")
    value = obj[key]
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise RecordShapeError(f"field {path}{key} has the wrong type")
    return value


def _rows(section: dict[str, Any], name: str, types: Sequence[type]) -> list[list[Any]]:
    entries = _need(section, "entries", list, f"{name}.")
    for n, row in enumerate(entries):
        if not isinstance(row, list) or len(row) != len(types) or not all(
                isinstance(v, t) and not isinstance(v, bool) for v, t in zip(row, types, strict=True)):
            raise RecordShapeError(f"{name}.entries[{n}] is not a row of {len(types)} fields "
                                   "of the documented types")
    return entries


def parse_inputs(record: Any) -> DrawInputs:
    """The draw's published inputs. Raises RecordShapeError for anything that
    is not a draw record of this format."""
    if not isinstance(record, dict):
        raise RecordShapeError("the file is JSON but not an object")
    if record.get("format") != RECORD_FORMAT:
        raise RecordShapeError(f"field format is not {RECORD_FORMAT!r}")
    if record.get("format_version") != RECORD_FORMAT_VERSION:
        raise RecordShapeError(f"unsupported format_version {record.get('format_version')!r}")
    cands = _rows(_need(record, "candidates", dict, ""), "candidates", [int, str, str, str])
    pool = _rows(_need(record, "inspector_pool", dict, ""), "inspector_pool", [int, str, str, str])
    excl = _rows(_need(record, "exclusions", dict, ""), "exclusions", [int, int, str])
    sources = _need(_need(record, "sources", dict, ""), "values", list, "sources.")
    if not all(isinstance(s, str) for s in sources):
        raise RecordShapeError("sources.values must be a list of strings")
    team_size = _need(record, "team_size", int, "")
    raw_percents = _need(record, "sampling_percent", dict, "")
    percents = {}
    for rc in RISK_CLASSES:
        try:
            percents[rc] = Decimal(_need(raw_percents, rc, str, "sampling_percent."))
        except InvalidOperation:
            raise RecordShapeError(f"sampling_percent.{rc} is not a decimal number") from None
        if not percents[rc].is_finite() or not 0 <= percents[rc] <= 100:
            raise RecordShapeError(f"sampling_percent.{rc} must be between 0 and 100")
    for row in cands:
        if row[3] not in RISK_CLASSES:
            raise RecordShapeError(f"candidate {row[0]} has risk class {row[3]!r}, not A/B/C/D")
    for row in excl:
        if row[2] not in EXCLUSION_KINDS:
            raise RecordShapeError(f"exclusion kind {row[2]!r} is not one of {EXCLUSION_KINDS}")
    if team_size < 1:
        raise RecordShapeError("team_size must be at least 1")
    # The published outputs must at least have their documented types.
    _need(record, "key_string", str, "")
    _need(record, "algorithm", dict, "")
    _need(record, "strata", list, "")
    _need(record, "assignments", list, "")
    return DrawInputs(
        candidates=[CandidateEntry(*row) for row in cands],
        percents=percents,
        sources=list(sources),
        pool=[PoolEntry(*row) for row in pool],
        exclusions=[ExclusionEntry(*row) for row in excl],
        team_size=team_size,
    )


def _check_numbering(entries: Sequence[Any], what: str) -> str | None:
    for expected, e in enumerate(entries, start=1):
        if e.index != expected:
            return f"{what} entry {expected} is numbered {e.index}"
    return None


def _timestamp(record: dict[str, Any], key: str) -> dt.datetime:
    value = _need(record, key, str, "")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise RecordShapeError(f"field {key} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise RecordShapeError(f"field {key} has no time zone")
    return moment


def time_order_problem(record: dict[str, Any]) -> str | None:
    """The list must be frozen (committed_at) before the draw (drawn_at): a
    draw dated earlier could have chosen its list after seeing the sources."""
    committed, drawn = _timestamp(record, "committed_at"), _timestamp(record, "drawn_at")
    if drawn <= committed:
        return (f"drawn_at {record['drawn_at']} is not after committed_at "
                f"{record['committed_at']}: the candidate list must be frozen before the "
                "random sources exist")
    return None


def first_mismatch(record: dict[str, Any]) -> str | None:
    """Re-run the draw from the record's inputs; None if every published
    hash, pick and team matches and the list was frozen before the draw,
    else the first difference found.

    Raises RecordShapeError for a malformed record and DrawInputError for
    inputs no draw can run on (e.g. a source that is not numbers)."""
    inputs = parse_inputs(record)
    problem = time_order_problem(record)
    if problem:
        return problem
    problem = _check_numbering(inputs.candidates, "candidate") or _check_numbering(
        inputs.pool, "inspector pool")
    if problem:
        return problem
    for before, after in zip(inputs.candidates, inputs.candidates[1:], strict=False):
        if not before.identifier < after.identifier:
            return (f"candidate list is not in identifier order at entry {after.index} "
                    f"({after.identifier})")
    for e in inputs.exclusions:
        if not (1 <= e.inspector <= len(inputs.pool) and 1 <= e.target <= len(inputs.candidates)):
            return f"exclusion {e} refers to no inspector or candidate"
    checks = [
        ("candidates.sha256", candidate_list_sha256(inputs.candidates), record["candidates"]),
        ("inspector_pool.sha256", pool_sha256(inputs.pool), record["inspector_pool"]),
        ("exclusions.sha256", exclusions_sha256(inputs.exclusions), record["exclusions"]),
    ]
    for name, recomputed, section in checks:
        if section.get("sha256") != recomputed:
            return (f"{name}: published {section.get('sha256')!r}, recomputed {recomputed} "
                    "(the list was altered after it was frozen)")
    for name, section, n in (("candidates", record["candidates"], len(inputs.candidates)),
                             ("inspector_pool", record["inspector_pool"], len(inputs.pool)),
                             ("exclusions", record["exclusions"], len(inputs.exclusions))):
        if section.get("count") != n:
            return f"{name}.count: published {section.get('count')!r}, the list holds {n}"
    outcome = compute_draw(inputs)
    if record.get("key_string") != outcome.key:
        return f"key_string: published {record.get('key_string')!r}, recomputed {outcome.key!r}"
    algorithm = record.get("algorithm")
    if not isinstance(algorithm, dict) or algorithm.get("version") != outcome.version:
        return f"algorithm.version: expected {outcome.version!r}"
    expected = build_record(inputs, outcome, plan={}, announcement="", labels=[],
                            committed_at="", drawn_at="")
    return (_compare_list(record.get("strata"), expected["strata"], "strata", "risk_class")
            or _compare_list(record.get("assignments"), expected["assignments"],
                             "assignments", "target"))


def _compare_list(published: Any, recomputed: list[dict[str, Any]], name: str,
                  label: str) -> str | None:
    if not isinstance(published, list):
        raise RecordShapeError(f"field {name} must be a list")
    for n, want in enumerate(recomputed):
        if n >= len(published):
            return f"{name}[{n}] ({label} {want[label]}) is missing from the record"
        got = published[n]
        if not isinstance(got, dict):
            raise RecordShapeError(f"{name}[{n}] must be an object")
        for key, value in want.items():
            if got.get(key) != value:
                return (f"{name}[{n}] ({label} {want[label]}).{key}: published "
                        f"{got.get(key)!r}, recomputed {value!r}")
    if len(published) > len(recomputed):
        return f"{name} has {len(published) - len(recomputed)} entries the draw does not produce"
    return None


__all__ = [
    "Assignment",
    "CandidateEntry",
    "DrawInputError",
    "DrawInputs",
    "DrawOutcome",
    "ExclusionEntry",
    "PoolEntry",
    "RecordShapeError",
    "StratumDraw",
    "assign_inspectors",
    "build_record",
    "candidate_list_sha256",
    "compute_draw",
    "draw_strata",
    "first_mismatch",
    "order_candidates",
    "parse_inputs",
    "picks_for",
    "record_text",
    "strata_members",
]
