"""The product side of the demo (demo/catalog.py): a real-shaped catalogue with
a past move to self-declaration, declarations, licences, sampling that puts
the equipment pass rate just under 95% with samples waiting at the demo lab,
and exactly one market-check case, the planted one."""

from __future__ import annotations

import datetime as dt

from qualitycert.accounts.models import User
from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import queries
from qualitycert.catalog.models import (
    CategoryChange,
    MarketCheckCase,
    ProductCategory,
    ProductGroup,
    SamplingRecord,
    SelfDeclaration,
)
from qualitycert.demo.tests.conftest import SEEDED_TODAY as TODAY
from qualitycert.plan.targets import compute_targets
from qualitycert.registry.models import Certificate


def test_a_catalogue_shaped_like_the_published_one(seeded, db):
    assert ProductGroup.objects.count() == 17
    codes = set(ProductCategory.objects.values_list("code", flat=True))
    assert {"0101", "0201", "0301", "0501", "0703", "2301", "2401"} <= codes
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    drill = ProductCategory.objects.get(code="0501")
    history = queries.category_history(drill)
    assert [c.route for c in history] == ["certification", "self_declaration"]
    assert history[1].effective_from < TODAY
    assert CategoryChange.objects.filter(from_production_licence=True,
                                         transition_deadline__isnull=False).exists()
    assert "强制性产品认证目录 61" in seeded


def test_declarations_pass_the_rules_they_would_meet_on_the_site(seeded, db):
    declarations = list(SelfDeclaration.objects.select_related("category"))
    assert len(declarations) >= 20
    assert {d.status for d in declarations} == {"valid", "withdrawn", "revoked"}
    for d in declarations:
        change = queries.route_on(d.category, d.declared_on)
        assert change is not None and change.route in {"self_declaration",
                                                       "self_declaration_designated"}
        if change.route == "self_declaration_designated":
            assert d.category.designated_labs.filter(pk=d.lab_id).exists()


def test_the_pass_rate_sits_below_the_target_with_samples_at_the_demo_lab(seeded, db):
    target = next(t for t in compute_targets(TODAY) if t.indicator == "sampling_pass_rate")
    assert target.value is not None and 94 <= target.value < 95 and not target.met
    lab = User.objects.get(username="lab_demo").lab
    waiting = SamplingRecord.objects.filter(lab=lab, status="drawn")
    assert waiting.count() >= 2
    tally = queries.sampling_tally(dt.date(TODAY.year, 1, 1), TODAY, equipment_only=True)
    # Two passes entered by the lab lift the rate to 95%.
    assert (tally.passed + 2) * 100 >= 95 * (tally.total + 2)
    last_year = queries.sampling_tally(dt.date(TODAY.year - 1, 1, 1),
                                       dt.date(TODAY.year - 1, 12, 31), equipment_only=True)
    assert last_year.rate is not None and last_year.rate >= 0.95


def test_exactly_the_planted_sample_is_a_market_case(seeded, db):
    case = MarketCheckCase.objects.get()
    assert case.category.code == "0301" and case.sample is not None
    assert not queries.coverage_on(case.enterprise, case.category, case.found_on).covered
    for sample in SamplingRecord.objects.filter(category__isnull=False).exclude(pk=case.sample.pk):
        assert queries.coverage_on(sample.enterprise, sample.category, sample.sampled_on).covered


def test_still_one_audit_entry_and_every_certificate_counted(seeded, db):
    assert AuditEntry.objects.exclude(action__startswith="credit.").count() == 1
    entry = AuditEntry.objects.get(action="demo.seed")
    assert entry.after["counts"]["certificates"] == Certificate.objects.count()
    assert entry.after["counts"]["samples"] == SamplingRecord.objects.count()
    gaps = queries.licence_gaps(TODAY)
    assert gaps and any(g.covered for g in gaps) and any(not g.covered for g in gaps)
