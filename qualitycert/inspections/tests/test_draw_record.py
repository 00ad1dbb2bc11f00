"""The draw and its record, without the database (qualitycert/inspections/draw.py):
the published hash format, strata, team assignment rules, uniformity, and
that altering anything in a record is caught."""

from __future__ import annotations

import copy
import hashlib
import json
import random
from collections import Counter
from decimal import Decimal
from hashlib import md5
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.inspections import draw as d
from qualitycert.lib.rfc3797 import DrawInputError

SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"]
PERCENTS = {"A": Decimal(10), "B": Decimal(20), "C": Decimal(40), "D": Decimal(100)}


def naive_select(pool: int, picks: int, key: str) -> list[int]:
    """RFC 3797 written out from the RFC text, independent of the library."""
    remaining = list(range(pool))
    out = []
    for i in range(picks):
        counter = i.to_bytes(2, "big")
        value = int(md5(counter + key.encode("ascii") + counter).hexdigest(), 16)
        out.append(remaining.pop(value % len(remaining)))
    return out


def candidates(n: int, seed: int = 1) -> list[d.CandidateEntry]:
    rng = random.Random(seed)
    rows = [(f"9112011{k:011d}", f"企业{k}", rng.choice("ABCD")) for k in range(n)]
    return d.order_candidates(rows)


def inputs(n: int = 60, pool: int = 8, exclusions: list[d.ExclusionEntry] | None = None,
           team_size: int = 2, sources: list[str] | None = None) -> d.DrawInputs:
    return d.DrawInputs(
        candidates=candidates(n), percents=dict(PERCENTS), sources=sources or list(SOURCES),
        pool=[d.PoolEntry(k, f"E{k:03d}", f"检查员{k}", "scjgj") for k in range(1, pool + 1)],
        exclusions=d.sort_exclusions(exclusions or []), team_size=team_size)


def record_for(inp: d.DrawInputs) -> dict[str, Any]:
    outcome = d.compute_draw(inp)
    record = d.build_record(inp, outcome, plan={"id": 1, "name": "测试"}, announcement="公告",
                            labels=["a", "b", "c"], committed_at="2026-12-01T00:00:00+08:00",
                            drawn_at="2026-12-02T00:00:00+08:00")
    return json.loads(d.record_text(record))


# --- the published list format --------------------------------------------------------


def test_candidate_hash_is_sha256_of_the_documented_lines() -> None:
    entries = [d.CandidateEntry(1, "91120116MA05ABCD1X", "天津甲有限公司", "B"),
               d.CandidateEntry(2, "CNCA-R-2002-001", "乙认证", "D")]
    expected = hashlib.sha256(
        "1\t91120116MA05ABCD1X\t天津甲有限公司\tB\n2\tCNCA-R-2002-001\t乙认证\tD\n"
        .encode()).hexdigest()
    assert d.candidate_list_sha256(entries) == expected


def test_order_candidates_sorts_by_identifier_and_cleans_names() -> None:
    entries = d.order_candidates([("B2", "名\t称\n二", "A"), ("A1", " 一 ", "C")])
    assert entries == [d.CandidateEntry(1, "A1", "一", "C"), d.CandidateEntry(2, "B2", "名 称 二", "A")]
    with pytest.raises(ValueError, match="twice"):
        d.order_candidates([("A1", "x", "A"), ("A1", "y", "B")])


@pytest.mark.parametrize(("size", "percent", "expected"), [
    (100, "3", 3), (101, "3", 4), (0, "50", 0), (5, "0", 0), (1, "0.01", 1),
    (10, "100", 10), (3, "33.33", 1), (3, "33.34", 2), (1_000_000, "5", 50_000),
])
def test_picks_for_rounds_up_exactly(size: int, percent: str, expected: int) -> None:
    assert d.picks_for(size, Decimal(percent)) == expected


# --- strata -------------------------------------------------------------------------------


def test_each_stratum_is_a_plain_rfc3797_draw_with_its_ordinal_as_a_last_source() -> None:
    entries = candidates(80, seed=7)
    members = d.strata_members(entries)
    strata = d.draw_strata(members, PERCENTS, SOURCES)
    assert [s.risk_class for s in strata] == ["A", "B", "C", "D"]
    for s in strata:
        ordinal = "ABCD".index(s.risk_class) + 1
        assert s.key == "9319./2.5.8.10.12./9.18.26.34.41.45./" + f"{ordinal}./"
        expected = naive_select(len(members[s.risk_class]), s.picks, s.key)
        assert s.positions == [p + 1 for p in expected]
        assert s.targets == [members[s.risk_class][p] for p in expected]
        assert all(entries[t - 1].risk_class == s.risk_class for t in s.targets)
    # D is sampled at 100%: every D candidate, in RFC order.
    assert sorted(strata[3].targets) == members["D"]


def test_empty_stratum_draws_nothing() -> None:
    members = {"A": [], "B": [1, 2, 3], "C": [], "D": []}
    strata = d.draw_strata(members, PERCENTS, SOURCES)
    assert [s.picks for s in strata] == [0, 1, 0, 0]
    assert strata[0].positions == [] and strata[1].targets[0] in {1, 2, 3}


CHI2_CRITICAL_19DF_P001 = 43.820  # upper 0.001 quantile, 19 degrees of freedom


def test_selection_frequencies_are_uniform_within_a_stratum() -> None:
    """3,000 draws with lottery-like sources from a fixed seed: each of the 20
    B candidates (interleaved with other classes in the list) is picked about
    equally often."""
    rng = random.Random(20261201)
    rows = [(f"ID{k:04d}", f"n{k}", "B" if k % 3 == 0 else "AC"[k % 2]) for k in range(60)]
    members = d.strata_members(d.order_candidates(rows))["B"]
    assert len(members) == 20
    percents = {"A": Decimal(0), "B": Decimal(15), "C": Decimal(0), "D": Decimal(0)}
    counts: Counter[int] = Counter()
    draws = 3000
    for _ in range(draws):
        sources = [" ".join(str(rng.randint(1, 35)) for _ in range(5)), str(rng.randrange(10**4))]
        strata = d.draw_strata({"A": [], "B": members, "C": [], "D": []}, percents, sources)
        counts.update(strata[1].targets)
    expected = draws * 3 / 20
    chi2 = sum((counts[m] - expected) ** 2 / expected for m in members)
    assert chi2 < CHI2_CRITICAL_19DF_P001, counts


# --- assignment rules ------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(pool=st.integers(1, 12), team=st.integers(2, 4), targets=st.integers(1, 25),
       data=st.data())
def test_teams_respect_exclusions_size_and_flagging(pool: int, team: int, targets: int,
                                                    data: st.DataObject) -> None:
    target_ids = list(range(1, targets + 1))
    excluded: dict[int, set[int]] = {
        t: set(data.draw(st.lists(st.integers(1, pool), max_size=pool), label=f"x{t}"))
        for t in target_ids}
    out = d.assign_inspectors(target_ids, pool, excluded, team, SOURCES, "rfc3797")
    assert [a.target for a in out] == target_ids
    for a in out:
        eligible = pool - len(excluded[a.target])
        assert a.eligible == eligible
        if eligible < team:
            # Flagged, never staffed alone or short-handed.
            assert a.status == d.STATUS_INSUFFICIENT and a.inspectors == []
        else:
            assert a.status == d.STATUS_ASSIGNED
            assert len(a.inspectors) == len(set(a.inspectors)) == team
            assert not set(a.inspectors) & excluded[a.target]


def reference_teams(targets: list[int], pool: int, excluded: dict[int, set[int]], team: int
                    ) -> list[list[int]]:
    """docs/draw-record.md's assignment rule, written plainly: for each target,
    eligible inspectors grouped by load so far; whole levels that fit are
    taken, the level that does not fit is narrowed by RFC 3797."""
    load = dict.fromkeys(range(1, pool + 1), 0)
    teams: list[list[int]] = []
    for t in targets:
        eligible = [m for m in range(1, pool + 1) if m not in excluded.get(t, set())]
        if len(eligible) < team:
            teams.append([])
            continue
        chosen: list[int] = []
        for level in sorted({load[m] for m in eligible}):
            group = [m for m in eligible if load[m] == level]
            need = team - len(chosen)
            if len(group) <= need:
                chosen += group
            else:
                key = "".join("".join(f"{n}." for n in sorted(map(int, s.split()))) + "/"
                              for s in [*SOURCES, "0", str(t)])
                chosen += [group[p] for p in naive_select(len(group), need, key)]
            if len(chosen) == team:
                break
        for m in chosen:
            load[m] += 1
        teams.append(chosen)
    return teams


@settings(max_examples=60, deadline=None)
@given(pool=st.integers(1, 10), team=st.integers(2, 3), data=st.data())
def test_assignment_matches_the_documented_rule(pool: int, team: int,
                                                data: st.DataObject) -> None:
    targets = data.draw(st.lists(st.integers(1, 60), min_size=1, max_size=30, unique=True),
                        label="targets")
    excluded = {t: set(data.draw(st.lists(st.integers(1, pool), max_size=3), label=f"x{t}"))
                for t in targets}
    out = d.assign_inspectors(targets, pool, excluded, team, SOURCES, "rfc3797")
    assert [a.inspectors for a in out] == reference_teams(targets, pool, excluded, team)


def test_workload_is_balanced_without_exclusions() -> None:
    out = d.assign_inspectors(list(range(1, 41)), 7, {}, 2, SOURCES, "rfc3797")
    load = Counter(m for a in out for m in a.inspectors)
    assert sum(load.values()) == 80
    assert max(load.values()) - min(load.values()) <= 1


def test_assignment_narrows_the_least_loaded_level_by_rfc3797() -> None:
    out = d.assign_inspectors([5, 9], 4, {}, 2, SOURCES, "rfc3797")
    first, second = out
    key = d.assignment_key(SOURCES, 5)
    assert key == "9319./2.5.8.10.12./9.18.26.34.41.45./0./5./"
    assert first.drawn_from == [1, 2, 3, 4]
    assert first.inspectors == [first.drawn_from[p] for p in naive_select(4, 2, key)]
    # The two untouched inspectors are the whole least-loaded level: taken as is.
    assert sorted(second.inspectors) == sorted({1, 2, 3, 4} - set(first.inspectors))
    assert second.drawn_from == [] and second.positions == []


# --- records ----------------------------------------------------------------------------------


def test_record_text_is_json_of_the_record() -> None:
    inp = inputs()
    outcome = d.compute_draw(inp)
    record = d.build_record(inp, outcome, plan={"id": 3}, announcement="a", labels=["x"],
                            committed_at="c", drawn_at="t")
    assert json.loads(d.record_text(record)) == record


def test_a_record_reproduces() -> None:
    excl = [d.ExclusionEntry(1, 3, "conflict"), d.ExclusionEntry(2, 3, "recent")]
    record = record_for(inputs(exclusions=excl))
    assert d.first_mismatch(record) is None
    assert d.first_mismatch(copy.deepcopy(record)) is None


def _set(path: tuple[Any, ...], value: Any):
    def mutate(record: dict[str, Any]) -> None:
        node = record
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value(node[path[-1]]) if callable(value) else value
    return mutate


ALTERATIONS = {
    "a pick position": _set(("strata", 1, "positions", 0), lambda v: v % 5 + 1),
    "a picked target": _set(("strata", 2, "targets", 0), lambda v: v + 1),
    "a source value": _set(("sources", "values", 1), "2 5 12 8 11"),
    "a candidate's name": _set(("candidates", "entries", 4, 2), "改过的名称"),
    "a candidate's risk class": _set(("candidates", "entries", 4, 3),
                                     lambda v: "A" if v != "A" else "B"),
    "a candidate's identifier": _set(("candidates", "entries", 0, 1), "0000"),
    "the list hash": _set(("candidates", "sha256"), "0" * 64),
    "an inspector of a team": _set(("assignments", 0, "inspectors", 0),
                                   lambda v: v % 8 + 1),
    "the pool": _set(("inspector_pool", "entries", 0, 2), "冒名"),
    "the exclusions": _set(("exclusions", "entries"), []),
    "the team size": _set(("team_size",), 3),
    "a percentage": _set(("sampling_percent", "B"), "30"),
    "the key string": _set(("key_string",), "1./"),
}


@pytest.mark.parametrize("what", list(ALTERATIONS))
def test_altering_a_record_is_detected(what: str) -> None:
    excl = [d.ExclusionEntry(1, 3, "conflict")]
    record = record_for(inputs(exclusions=excl))
    ALTERATIONS[what](record)
    assert d.first_mismatch(record) is not None, what


def test_dropping_a_pick_is_detected() -> None:
    record = record_for(inputs())
    record["assignments"].pop()
    assert "missing" in (d.first_mismatch(record) or "")


@pytest.mark.parametrize("record", [
    [], "x", {"format": "other"}, {"format": d.RECORD_FORMAT, "format_version": 99},
    {"format": d.RECORD_FORMAT, "format_version": 1},
])
def test_not_a_record(record: Any) -> None:
    with pytest.raises(d.RecordShapeError):
        d.first_mismatch(record)


@pytest.mark.parametrize("mutate", [
    _set(("candidates", "entries", 0), [1, 2]),
    _set(("candidates", "entries", 0, 0), "1"),
    _set(("candidates", "entries", 0, 3), "E"),
    _set(("sampling_percent", "A"), "ten"),
    _set(("sampling_percent", "A"), "-1"),
    _set(("team_size",), True),
    _set(("exclusions", "entries"), [[1, 1, "friend"]]),
    _set(("strata",), "all of them"),
    _set(("algorithm",), "RFC 3797"),
    _set(("key_string",), 42),
    _set(("assignments",), None),
])
def test_malformed_fields(mutate: Any) -> None:
    record = record_for(inputs())
    mutate(record)
    with pytest.raises(d.RecordShapeError):
        d.first_mismatch(record)


def test_unusable_source_in_record() -> None:
    record = record_for(inputs())
    record["sources"]["values"][0] = "nine"
    with pytest.raises(DrawInputError):
        d.first_mismatch(record)


@settings(max_examples=50, deadline=None)
@given(sources=st.lists(st.lists(st.integers(0, 10**6), min_size=1, max_size=5)
                        .map(lambda xs: " ".join(map(str, xs))), min_size=1, max_size=4),
       target=st.integers(0, 10**7))
def test_assignment_key_is_the_plain_key_of_two_more_sources(sources: list[str],
                                                             target: int) -> None:
    from qualitycert.lib.rfc3797 import key_string

    expected = key_string([*sources, "0", str(target)])
    assert d.assignment_key(sources, target) == expected
    assert d.assignment_key(sources, target, base=key_string(sources)) == expected
