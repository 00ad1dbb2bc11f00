"""Properties of the pure grader (qualitycert/credit/grading.py), no database."""

from __future__ import annotations

import copy
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycert.credit.default_model import DEFAULT_SPEC
from qualitycert.credit.grading import (
    FULL,
    GRADES,
    MAX_SCORE,
    FactRow,
    Grader,
    ModelError,
    contributions_json,
    contributions_text,
    grade,
    parse_spec,
)

SPEC = parse_spec(DEFAULT_SPEC)
AS_OF = 740_000
KINDS = sorted(SPEC.fact_kinds() | {"unknown_kind"})

facts_strategy = st.lists(
    st.builds(lambda kind, start, length, fact_id: FactRow(
        kind, AS_OF - start, None if length is None else AS_OF - start + length, fact_id),
        st.sampled_from(KINDS), st.integers(-30, 4000),
        st.one_of(st.none(), st.integers(1, 3000)), st.integers(1, 10**9)),
    max_size=40)


@given(facts_strategy)
def test_score_is_within_bounds_and_grade_known(facts):
    result = grade(SPEC, facts, AS_OF)
    assert 0 <= result.score <= MAX_SCORE
    assert result.grade in GRADES
    assert all(0 <= c.subscore <= FULL for c in result.contributions)
    codes = [i.code for i in SPEC.indicators]
    kept = [c.code for c in result.contributions]
    assert kept == [code for code in codes if code in kept]
    assert all(c.n + c.against == len(c.fact_ids) > 0 for c in result.contributions)
    assert contributions_text(result) == json.dumps(contributions_json(result),
                                                    separators=(",", ":"))


@given(facts_strategy, st.randoms(use_true_random=False))
def test_order_of_facts_does_not_matter(facts, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert grade(SPEC, facts, AS_OF) == grade(SPEC, shuffled, AS_OF)


@given(facts_strategy)
def test_facts_after_the_as_of_date_are_not_seen(facts):
    seen = [f for f in facts if f.occurred <= AS_OF]
    assert grade(SPEC, facts, AS_OF) == grade(SPEC, seen, AS_OF)


@given(facts_strategy, st.sampled_from(["penalty", "complaint", "certificate_withdrawn",
                                        "forgery_report"]))
def test_another_adverse_fact_never_raises_the_score(facts, kind):
    worse = [*facts, FactRow(kind, AS_OF, None, 0)]
    assert grade(SPEC, worse, AS_OF).score <= grade(SPEC, facts, AS_OF).score


@given(facts_strategy)
def test_another_certificate_never_lowers_the_score(facts):
    better = [*facts, FactRow("certificate_held", AS_OF - 1, None, 0)]
    assert grade(SPEC, better, AS_OF).score >= grade(SPEC, facts, AS_OF).score


@given(facts_strategy)
def test_active_dishonesty_always_grades_d(facts):
    listed = [*facts, FactRow("dishonesty_listed", AS_OF - 5, AS_OF + 5, 0)]
    result = grade(SPEC, listed, AS_OF)
    assert result.grade == "D"


@given(st.integers(0, MAX_SCORE))
def test_grade_is_monotone_in_the_score(score):
    from qualitycert.credit.grading import grade_for

    higher = grade_for(min(score + 1, MAX_SCORE), SPEC.thresholds)
    assert GRADES.index(higher) <= GRADES.index(grade_for(score, SPEC.thresholds))


JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 200_000),
                        st.text(max_size=6), st.lists(st.integers(0, 3), max_size=2))
FIELDS = ["code", "group", "fact", "count", "rule", "weight", "window_days", "cap",
          "against", "empty", "surprise"]


@given(st.integers(0, len(DEFAULT_SPEC["indicators"]) - 1), st.sampled_from(FIELDS),
       JSON_VALUES)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_a_damaged_model_is_refused_with_reasons_or_still_sound(index, field, value):
    document = copy.deepcopy(DEFAULT_SPEC)
    document["indicators"][index][field] = value
    try:
        spec = parse_spec(document)
    except ModelError as exc:
        assert exc.problems and all(isinstance(p, str) for p in exc.problems)
    else:
        # Whatever was accepted still grades within bounds.
        result = grade(spec, [FactRow("penalty", AS_OF, None, 1)], AS_OF)
        assert 0 <= result.score <= MAX_SCORE


@given(st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from(
    ["indicators", "vetoes", "thresholds", "format"]), JSON_VALUES, max_size=4)))
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_a_malformed_document_is_refused_never_crashes(document):
    try:
        parse_spec(document)
    except ModelError as exc:
        assert exc.problems
    else:  # pragma: no cover - never a valid model
        raise AssertionError("accepted a malformed model")


def test_a_grader_is_reusable_across_enterprises():
    rng = random.Random(5)
    grader = Grader(SPEC, AS_OF)
    for _ in range(50):
        facts = [FactRow(rng.choice(KINDS), AS_OF - rng.randint(0, 3000), None, i)
                 for i in range(rng.randint(0, 10))]
        assert grader.grade(facts) == grade(SPEC, facts, AS_OF)


@given(facts_strategy, st.integers(0, 3))
def test_stream_grades_each_enterprise_as_alone(facts, splits):
    grader = Grader(SPEC, AS_OF)
    groups = [facts[i::splits + 1] for i in range(splits + 1)]
    rows = [(e, *f) for e, group in enumerate(groups) for f in group]
    streamed = dict(grader.grade_stream(rows))
    for e, group in enumerate(groups):
        if group:
            assert streamed[e] == grader.grade(group)
