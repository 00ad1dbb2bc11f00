"""The market check: a product of a catalogue category from an enterprise
that held no valid CCC certificate or declaration for it on the day becomes a
case — and nothing else does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import actions, queries
from qualitycert.catalog.models import CatalogError, MarketCheckCase
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

from .conftest import LICENCE_DEADLINE, MOVE

SAMPLED = dt.date(2025, 5, 20)


@pytest.fixture
def plan(catalogue, lab, supervisor):
    def make(code: str):
        return actions.create_sampling_plan(
            name=f"2025年{code}监督抽查", year=2025, product_class=catalogue["categories"][code].name,
            category=catalogue["categories"][code], planned_count=10, labs=[lab], actor=as_actor(supervisor))
    return make


def test_only_the_planted_uncertified_product_is_flagged(catalogue, plan, lab, supervisor,
                                                         ccc_certificate, declare, holder,
                                                         in_state):
    cats = catalogue["categories"]
    certified = make_enterprise("有证开关有限公司")
    ccc_certificate(certified, cats["0301"])
    lapsed = make_enterprise("证书已暂停开关有限公司")
    in_state(ccc_certificate(lapsed, cats["0301"]), "suspended")  # suspended 2025-06-01
    declare(cats["0501"], declared_on=dt.date(2025, 1, 10))  # holder declares its drills
    certified_drill = make_enterprise("仍持CCC证书电钻有限公司")
    ccc_certificate(certified_drill, cats["0501"], issued_on=dt.date(2020, 6, 10))
    modem = make_enterprise("调制解调器有限公司")  # category removed in 2019
    planted = make_enterprise("无证开关有限公司")

    switchgear, drills, modems = plan("0301"), plan("0501"), plan("1601")
    samples = [
        actions.draw_sample(switchgear, enterprise=certified, product="配电柜",
                            sampled_on=SAMPLED, lab=lab, actor=as_actor(supervisor)),
        # Suspended on 2025-06-01: on the sampling day it was still valid.
        actions.draw_sample(switchgear, enterprise=lapsed, product="配电柜",
                            sampled_on=SAMPLED, lab=lab, actor=as_actor(supervisor)),
        actions.draw_sample(drills, enterprise=holder, product="电钻", sampled_on=SAMPLED,
                            lab=lab, actor=as_actor(supervisor), drawn_from="market",
                            seller_name="滨海五金商店"),
        actions.draw_sample(drills, enterprise=certified_drill, product="电钻",
                            sampled_on=SAMPLED, lab=lab, actor=as_actor(supervisor)),
        actions.draw_sample(modems, enterprise=modem, product="调制解调器", sampled_on=SAMPLED,
                            lab=lab, actor=as_actor(supervisor)),
        actions.draw_sample(switchgear, enterprise=planted, product="低压配电柜",
                            sampled_on=SAMPLED, lab=lab, actor=as_actor(supervisor)),
    ]
    case = MarketCheckCase.objects.get()
    assert (case.enterprise, case.category.code, case.found_on) == (planted, "0301", SAMPLED)
    assert case.sample == samples[-1] and case.source_ref == f"sample:{samples[-1].pk}"
    assert case.route == "certification" and "低压配电柜" in case.summary
    assert AuditEntry.objects.filter(action="catalog.case.open").count() == 1
    # The same sample checked again does not open a second case.
    actions.check_sample_market(samples[-1], actor=as_actor(supervisor))
    assert MarketCheckCase.objects.count() == 1


def test_a_sample_after_the_suspension_is_flagged(catalogue, plan, lab, supervisor,
                                                   ccc_certificate, in_state):
    lapsed = make_enterprise("证书已暂停开关有限公司")
    in_state(ccc_certificate(lapsed, catalogue["categories"]["0301"]), "suspended")
    actions.draw_sample(plan("0301"), enterprise=lapsed, product="配电柜",
                        sampled_on=dt.date(2025, 6, 2), lab=lab, actor=as_actor(supervisor))
    assert MarketCheckCase.objects.get().enterprise == lapsed


def test_a_declaration_does_not_cover_a_certification_category(catalogue, declare, holder):
    declare(catalogue["categories"]["0501"])
    coverage = queries.coverage_on(holder, catalogue["categories"]["0301"], SAMPLED)
    assert coverage.required and not coverage.covered
    before_move = queries.coverage_on(holder, catalogue["categories"]["0501"],
                                      MOVE - dt.timedelta(days=1))
    assert before_move.route == "certification" and not before_move.covered


def test_coverage_outside_the_catalogue(catalogue, holder):
    removed = queries.coverage_on(holder, catalogue["categories"]["1601"], SAMPLED)
    assert not removed.required and removed.covered
    not_yet = queries.coverage_on(holder, catalogue["categories"]["2301"], dt.date(2019, 9, 30))
    assert not_yet.change is None and not_yet.covered


def test_inspection_source_and_closing_a_case(catalogue, holder, supervisor, enterprise_user):
    motor = catalogue["categories"]["2301"]
    case = actions.market_check(enterprise=holder, category=motor, on=LICENCE_DEADLINE,
                                product="隔爆型三相异步电动机", source_kind="inspection",
                                source_ref="inspections.result:7", actor=as_actor(supervisor))
    assert case is not None and case.source_kind == "inspection"
    with pytest.raises(PermissionDenied):
        actions.close_case(case, outcome="penalised", note="已立案", actor=as_actor(enterprise_user))
    with pytest.raises(CatalogError):
        actions.close_case(case, outcome="penalised", note=" ", actor=as_actor(supervisor))
    closed = actions.close_case(case, outcome="penalised", note="津滨市监罚〔2025〕8号",
                                actor=as_actor(supervisor))
    assert closed.status == "closed" and closed.closed_by == supervisor
    with pytest.raises(CatalogError, match="已办结"):
        actions.close_case(closed, outcome="dismissed", note="再", actor=as_actor(supervisor))


def test_licence_holders_without_ccc_after_the_deadline(catalogue, ccc_certificate, supervisor):
    from qualitycert.catalog.models import ProductionLicence

    motor = catalogue["categories"]["2301"]
    switched, stayed = make_enterprise("已转CCC防爆电机有限公司"), make_enterprise("未转CCC防爆电机有限公司")
    ccc_certificate(switched, motor, issued_on=dt.date(2020, 6, 1))
    for n, enterprise in enumerate((switched, stayed), start=1):
        ProductionLicence.objects.create(enterprise=enterprise, number=f"XK06-014-0000{n}",
                                         product="防爆电机", category=motor)
    before = {g.licence.enterprise: (g.covered, g.past_deadline)
              for g in queries.licence_gaps(dt.date(2020, 5, 1))}
    assert before == {switched: (False, False), stayed: (False, False)}
    after = {g.licence.enterprise: (g.covered, g.past_deadline)
             for g in queries.licence_gaps(LICENCE_DEADLINE)}
    assert after == {switched: (True, True), stayed: (False, True)}
    assert queries.licence_gaps(dt.date(2019, 9, 1)) == []
