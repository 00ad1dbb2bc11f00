"""The catalogue in 双随机: a library of self-declarers, plans that target CCC
holders and self-declarers by product category, and the market check on a
result that records a product of a CCC category."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.catalog.actions import file_declaration, link_certificate
from qualitycert.catalog.models import MarketCheckCase
from qualitycert.catalog.tests.builders import small_catalogue
from qualitycert.inspections import actions
from qualitycert.inspections.models import PlanError, Target
from qualitycert.inspections.queries import population_targets
from qualitycert.registry.models import Lab
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .conftest import RFC_SOURCES, plan_spec


@pytest.fixture
def catalogue(db):
    return small_catalogue()


@pytest.fixture
def product_side(catalogue, issue, body_a, supervisor):
    """A CCC holder of 0301, a self-declarer of 0501, and an enterprise with neither."""
    holder = make_enterprise("开关设备有限公司", industry_code="C3823")
    cert = issue(body_a, holder, "2021010301000001", scheme="CCC", issued_on=dt.date(2024, 1, 10),
                 years=5)
    link_certificate(cert, catalogue["categories"]["0301"], actor=as_actor(supervisor))
    declarer = make_enterprise("电钻制造有限公司", industry_code="C3434")
    lab = Lab.objects.create(cma_number="241212340123", name="天津滨海检验检测中心")
    file_declaration(enterprise=declarer, category=catalogue["categories"]["0501"],
                     product="电钻", models=["Z1J-10"], lab=lab, report_number="T-1",
                     report_date=dt.date(2025, 1, 1), declared_on=dt.date(2025, 1, 10),
                     actor=as_actor(supervisor))
    neither = make_enterprise("普通机械有限公司", industry_code="C3411")
    actions.refresh_target_library(actor=as_actor(None))
    return holder, declarer, neither


def test_the_library_holds_self_declarers(product_side):
    _holder, declarer, _neither = product_side
    declarers = Target.objects.filter(kind="self_declarer", active=True)
    assert [t.enterprise for t in declarers] == [declarer]
    assert declarers[0].identifier == declarer.uscc
    # Every enterprise stays in the enterprise library as before.
    assert Target.objects.filter(kind="enterprise", enterprise=declarer).exists()


def test_population_by_ccc_category(product_side):
    holder, declarer, _neither = product_side
    both = {"kinds": ["enterprise", "self_declarer"], "ccc_categories": ["0301", "0501"]}
    assert {(t.kind, t.enterprise) for t in population_targets(both)} == {
        ("enterprise", holder), ("self_declarer", declarer)}
    assert list(population_targets({"kinds": ["enterprise"], "ccc_categories": ["0501"]})) == []
    assert {t.enterprise for t in population_targets({"kinds": ["self_declarer"]})} == {declarer}


def test_a_plan_of_unknown_categories_is_refused(product_side, department, supervisor):
    with pytest.raises(PlanError, match="9999"):
        actions.create_plan(plan_spec([department], population={
            "kinds": ["enterprise"], "ccc_categories": ["9999"]}), actor=as_actor(supervisor))


def _drawn_result(product_side, team, department, supervisor, inspector, partner, *,
                  product_category: str):
    plan = actions.create_plan(plan_spec([department], population={"kinds": ["enterprise"]},
                                         percents={rc: 100 for rc in "ABCD"}),
                               actor=as_actor(supervisor))
    plan = actions.commit_plan(plan, actor=as_actor(supervisor))
    actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))
    results = {}
    for selection in plan.selections.select_related("target__enterprise"):
        result = actions.save_result(selection, category="no_problem", findings="",
                                     rectification_deadline=None, actor=as_actor(inspector),
                                     product_name="低压配电柜", product_category=product_category)
        result = actions.submit_result(result, actor=as_actor(inspector))
        result = actions.cosign_result(result, actor=as_actor(partner))
        results[selection.target.enterprise] = actions.accept_result(result, actor=as_actor(supervisor))
    return results


def test_accepting_a_result_runs_the_market_check(product_side, team, department, supervisor,
                                                  inspector, partner):
    holder, declarer, neither = product_side
    results = _drawn_result(product_side, team, department, supervisor, inspector, partner,
                            product_category="0301")
    flagged = {c.enterprise for c in MarketCheckCase.objects.all()}
    # The 0301 holder is covered; everybody else met with a switchgear is a case.
    assert holder not in flagged and neither in flagged and declarer in flagged
    case = MarketCheckCase.objects.get(enterprise=neither)
    assert case.source_kind == "inspection"
    assert case.source_ref == f"inspections.result:{results[neither].pk}"


def test_a_product_category_must_be_in_the_catalogue(product_side, team, department,
                                                     supervisor, inspector, partner):
    with pytest.raises(PlanError, match="9999"):
        _drawn_result(product_side, team, department, supervisor, inspector, partner,
                      product_category="9999")
