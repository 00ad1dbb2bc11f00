"""Grading runs: each indicator on planted facts, the veto, re-grading bit
for bit, a preview equal to the run after publishing, and a grade recomputed
from the exported model by an independent scorer."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.management import call_command

from qualitycert.audit.models import AuditEntry
from qualitycert.credit import actions
from qualitycert.credit.models import CreditError, CreditGrade, Fact, GradingRun
from qualitycert.registry.models import Enterprise
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .builders import AS_OF, plant, published, spec

pytestmark = pytest.mark.django_db
D = dt.date


def only(indicator: dict[str, Any]) -> dict[str, Any]:
    """A model of one indicator, no vetoes, so its score is the sub-score."""
    return spec(indicators=[indicator], vetoes=[])


@pytest.mark.parametrize(("indicator", "facts", "points"), [
    # more_is_better, active: one of two certificates held; one ended before as-of
    ({"code": "c", "group": "capability", "fact": "certificate_held", "count": "active",
      "rule": "more_is_better", "cap": 2, "weight": 1},
     [("certificate_held", D(2024, 1, 1), None), ("certificate_held", D(2020, 1, 1),
                                                   D(2023, 1, 1))], 5000),
    # fewer_is_better over a window: one penalty inside, one before it
    ({"code": "p", "group": "risk", "fact": "penalty", "rule": "fewer_is_better", "cap": 2,
      "window_days": 365, "weight": 1},
     [("penalty", D(2026, 1, 1), None), ("penalty", D(2024, 1, 1), None)], 5000),
    # the window's first day counts, the day before does not
    ({"code": "p", "group": "risk", "fact": "penalty", "rule": "fewer_is_better", "cap": 1,
      "window_days": 10, "weight": 1},
     [("penalty", AS_OF - dt.timedelta(days=10), None)], 10000),
    ({"code": "p", "group": "risk", "fact": "penalty", "rule": "fewer_is_better", "cap": 1,
      "window_days": 10, "weight": 1},
     [("penalty", AS_OF - dt.timedelta(days=9), None)], 0),
    # presence
    ({"code": "b", "group": "capability", "fact": "brand", "count": "active",
      "rule": "presence", "weight": 3},
     [("brand", D(2025, 1, 1), None)], 10000),
    # ratio: 2 passes, 1 fail -> 666 per mille; facts after as-of are not seen
    ({"code": "s", "group": "performance", "fact": "sampling_pass", "against": "sampling_fail",
      "rule": "ratio", "empty": 800, "window_days": 1096, "weight": 1},
     [("sampling_pass", D(2025, 1, 1), None), ("sampling_pass", D(2025, 2, 1), None),
      ("sampling_fail", D(2025, 3, 1), None), ("sampling_fail", D(2026, 7, 1), None)], 6660),
    # ratio without facts in the window: the model's 'empty' value
    ({"code": "s", "group": "performance", "fact": "sampling_pass", "against": "sampling_fail",
      "rule": "ratio", "empty": 800, "window_days": 30, "weight": 1},
     [("sampling_fail", D(2025, 3, 1), None)], 8000),
])
def test_each_indicator_on_planted_facts(supervisor, indicator, facts, points):
    actor = as_actor(supervisor)
    enterprise = make_enterprise()
    for kind, on, ends in facts:
        plant(enterprise, kind, on, ends)
    run = actions.grade_enterprises(as_of=AS_OF, actor=actor,
                                    model=published(actor, only(indicator)))
    grade = CreditGrade.objects.get(run=run, enterprise=enterprise)
    assert grade.score == points
    # Kept only when the indicator counted a fact (else its no-fact value).
    assert all(c[0] == indicator["code"] and c[1] + c[2] > 0 for c in grade.contributions)


def test_active_dishonesty_vetoes_to_d_and_evidence_is_kept(supervisor):
    actor = as_actor(supervisor)
    enterprise = make_enterprise()
    held = plant(enterprise, "certificate_held", D(2024, 1, 1))
    plant(enterprise, "certificate_held", D(2024, 2, 1))
    plant(enterprise, "brand", D(2024, 1, 1))
    plant(enterprise, "quality_commitment", D(2024, 1, 1))
    listed = plant(enterprise, "dishonesty_listed", D(2026, 1, 1), D(2027, 1, 1))
    run = actions.grade_enterprises(as_of=AS_OF, actor=actor, model=published(actor))
    grade = CreditGrade.objects.get(run=run, enterprise=enterprise)
    assert grade.score >= 8500 and grade.grade == "D"
    assert grade.vetoed_by == "dishonesty_listed"
    by_code = {c[0]: c for c in grade.contributions}
    assert held.pk in by_code["certificates_held"][5]
    # After the listing ends the veto no longer applies.
    later = actions.grade_enterprises(as_of=D(2026, 6, 30), actor=actor)
    assert CreditGrade.objects.get(run=later, enterprise=enterprise).grade == "D"
    Fact.objects.filter(pk=listed.pk).update(ends_on=D(2026, 6, 1))
    again = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    assert CreditGrade.objects.get(run=again, enterprise=enterprise).grade == "A"


def random_archive(n: int, seed: int) -> list[Enterprise]:
    rng = random.Random(seed)
    kinds = ["certificate_held", "certificate_suspended", "certificate_withdrawn", "penalty",
             "complaint", "sampling_pass", "sampling_fail", "inspection_clean",
             "inspection_problem", "brand", "quality_award", "quality_commitment",
             "self_declaration", "dishonesty_listed", "forgery_report", "inspection_refused"]
    enterprises = [make_enterprise() for _ in range(n)]
    for enterprise in enterprises:
        for _ in range(rng.randint(1, 8)):
            on = AS_OF - dt.timedelta(days=rng.randint(0, 2500))
            ends = on + dt.timedelta(days=rng.randint(1, 2000)) if rng.random() < 0.5 else None
            plant(enterprise, rng.choice(kinds), on, ends)
    return enterprises


def independent_score(model: dict[str, Any], facts: list[tuple[str, dt.date, dt.date | None]],
                      as_of: dt.date) -> tuple[int, str]:
    """Written from docs/credit-grading.md, sharing no code with the app."""
    def counted(kind: str, ind: dict[str, Any]) -> int:
        n = 0
        for k, on, ends in facts:
            if k != kind or on > as_of:
                continue
            if ind.get("count", "events") == "active":
                n += ends is None or ends > as_of
            else:
                window = ind.get("window_days", 0)
                n += window == 0 or (as_of - on).days < window
        return n

    weighted = weights = 0
    for ind in model["indicators"]:
        n, cap = counted(ind["fact"], ind), ind.get("cap", 1)
        if ind["rule"] == "more_is_better":
            s = 1000 * min(n, cap) // cap
        elif ind["rule"] == "fewer_is_better":
            s = 1000 * (cap - min(n, cap)) // cap
        elif ind["rule"] == "presence":
            s = 1000 if n else 0
        else:
            f = counted(ind["against"], ind)
            s = ind["empty"] if n + f == 0 else 1000 * n // (n + f)
        weighted += ind["weight"] * s
        weights += ind["weight"]
    score = weighted * 100 // (weights * 10)
    grade = next((g for g in "ABC" if score >= model["thresholds"][g] * 100), "D")
    order = "ABCD"
    for veto in model.get("vetoes", []):
        if any(k == veto["fact"] and on <= as_of and (ends is None or ends > as_of)
               for k, on, ends in facts) and order.index(veto["grade"]) > order.index(grade):
            grade = veto["grade"]
    return score, grade


def test_exported_model_recomputes_200_grades(supervisor, tmp_path):
    actor = as_actor(supervisor)
    enterprises = random_archive(200, seed=31863)
    model = published(actor)
    run = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    out = tmp_path / "model.json"
    call_command("credit_model", "export", "--version", str(model.version), "--output", str(out))
    import json

    exported = json.loads(out.read_text(encoding="utf-8"))
    stored = {g.enterprise_id: (g.score, g.grade) for g in CreditGrade.objects.filter(run=run)}
    assert len(stored) == 200
    for enterprise in enterprises:
        facts = list(Fact.objects.filter(enterprise=enterprise)
                     .values_list("kind", "occurred_on", "ends_on"))
        assert independent_score(exported, facts, AS_OF) == stored[enterprise.pk], enterprise


def test_regrading_is_bit_for_bit_identical(supervisor):
    actor = as_actor(supervisor)
    random_archive(40, seed=7)
    published(actor)
    first = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    second = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    assert first.digest == second.digest == actions.recompute_digest(second)

    def rows(run: GradingRun) -> list[tuple[Any, ...]]:
        return list(CreditGrade.objects.filter(run=run).order_by("enterprise_id").values_list(
            "enterprise_id", "model_version", "as_of", "score", "grade", "vetoed_by",
            "contributions"))
    assert rows(first) == rows(second)


def test_preview_equals_distribution_after_publishing(supervisor):
    actor = as_actor(supervisor)
    random_archive(60, seed=11)
    published(actor)
    actions.grade_enterprises(as_of=AS_OF, actor=actor)
    stricter = actions.create_draft(
        name="更严", spec=spec(thresholds={"A": 90, "B": 80, "C": 65}), actor=actor)
    summary = actions.preview_model(stricter, as_of=AS_OF, actor=actor)
    assert summary["moves"], "a stricter model moves someone"
    actions.publish_model(stricter, reason="收紧", actor=actor)
    run = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    assert run.model.version == stricter.version
    assert run.distribution == summary["distribution"]
    assert run.digest == summary["digest"]


def test_run_is_one_audit_batch_and_refuses_drafts(supervisor):
    actor = as_actor(supervisor)
    random_archive(5, seed=3)
    draft = actions.create_draft(name="草稿", spec=spec(), actor=actor)
    with pytest.raises(CreditError):
        actions.grade_enterprises(as_of=AS_OF, actor=actor, model=draft)
    published(actor)
    before = AuditEntry.objects.count()
    run = actions.grade_enterprises(as_of=AS_OF, actor=actor)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "credit.grade_run" and entry.after["digest"] == run.digest
    assert run.graded == 5
