"""Sampling plans, samples, results entered by their lab, follow-ups, and the
pass rate checked against an independent SQL count."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import actions, queries
from qualitycert.catalog.models import CatalogError, FollowUp, SamplingRecord
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

TODAY = timezone.localdate


@pytest.fixture
def sampling_plan(lab, supervisor):
    return actions.create_sampling_plan(name="2025年减速机监督抽查", year=2025, product_class="减速机",
                                        planned_count=20, labs=[lab], actor=as_actor(supervisor))


@pytest.fixture
def sample(sampling_plan, lab, supervisor, holder):
    return actions.draw_sample(sampling_plan, enterprise=holder, product="齿轮减速机",
                               sampled_on=dt.date(2025, 4, 1), lab=lab, actor=as_actor(supervisor),
                               model="ZQ-250")


def test_plan_and_draw_rules(sampling_plan, lab, other_lab, supervisor, holder, lab_user):
    with pytest.raises(PermissionDenied):
        actions.create_sampling_plan(name="x", year=2025, product_class="y", planned_count=1,
                                     labs=[lab], actor=as_actor(lab_user))
    with pytest.raises(CatalogError, match="承检机构"):
        actions.draw_sample(sampling_plan, enterprise=holder, product="减速机",
                            sampled_on=dt.date(2025, 4, 1), lab=other_lab, actor=as_actor(supervisor))
    with pytest.raises(CatalogError, match="被抽样单位"):
        actions.draw_sample(sampling_plan, enterprise=holder, product="减速机", drawn_from="market",
                            sampled_on=dt.date(2025, 4, 1), lab=lab, actor=as_actor(supervisor))
    with pytest.raises(CatalogError, match="晚于今天"):
        actions.draw_sample(sampling_plan, enterprise=holder, product="减速机", lab=lab,
                            sampled_on=TODAY() + dt.timedelta(days=1), actor=as_actor(supervisor))
    actions.close_sampling_plan(sampling_plan, actor=as_actor(supervisor))
    with pytest.raises(CatalogError, match="已结束"):
        actions.draw_sample(sampling_plan, enterprise=holder, product="减速机", lab=lab,
                            sampled_on=dt.date(2025, 4, 1), actor=as_actor(supervisor))


def test_the_lab_enters_the_result_of_its_own_sample(sample, lab_user, other_lab_user):
    assert (sample.status, sample.result, sample.industry_code) == ("drawn", "", "C3411")
    with pytest.raises(PermissionDenied):
        actions.enter_sample_result(sample, result="pass", failed_items=[], standard="GB/T 1",
                                    report_number="R-1", tested_on=dt.date(2025, 4, 10),
                                    actor=as_actor(other_lab_user))
    tested = actions.enter_sample_result(sample, result="fail", failed_items=["噪声", " "],
                                         standard="JB/T 8853-2015", report_number="r-1",
                                         tested_on=dt.date(2025, 4, 10), actor=as_actor(lab_user))
    assert (tested.status, tested.result, tested.failed_items, tested.report_number) == (
        "tested", "fail", ["噪声"], "R-1")
    assert tested.follow_up_state == "open" and tested.entered_by == lab_user
    assert AuditEntry.objects.get(action="catalog.sample.result").actor == lab_user
    # The result is a fact of the producer's quality archive (issue 13).
    from qualitycert.credit.models import Fact

    fact = Fact.objects.get(source_type="catalog.sampling", source_id=str(sample.pk))
    assert (fact.kind, fact.enterprise_id, fact.occurred_on) == (
        "sampling_fail", sample.enterprise_id, dt.date(2025, 4, 10))
    with pytest.raises(CatalogError, match="已录入"):
        actions.enter_sample_result(tested, result="pass", failed_items=[], standard="x",
                                    report_number="R-2", tested_on=dt.date(2025, 4, 10),
                                    actor=as_actor(lab_user))


@pytest.mark.parametrize(("fields", "words"), [
    ({"result": "maybe"}, "检验结论"),
    ({"result": "fail", "failed_items": []}, "不合格项目"),
    ({"result": "pass", "failed_items": ["外观"]}, "不合格项目"),
    ({"standard": " "}, "标准"),
    ({"report_number": ""}, "报告编号"),
    ({"tested_on": dt.date(2025, 3, 1)}, "检验完成日期"),
])
def test_result_rules(sample, lab_user, fields, words):
    values = {"result": "pass", "failed_items": [], "standard": "GB/T 1", "report_number": "R-9",
              "tested_on": dt.date(2025, 4, 10), **fields}
    with pytest.raises(CatalogError, match=words):
        actions.enter_sample_result(sample, actor=as_actor(lab_user), **values)
    assert SamplingRecord.objects.get(pk=sample.pk).status == "drawn"


def test_follow_up_runs_from_rectification_to_close(sample, lab_user, supervisor):
    failed = actions.enter_sample_result(sample, result="fail", failed_items=["温升"],
                                         standard="JB/T 8853-2015", report_number="R-3",
                                         tested_on=dt.date(2025, 4, 10), actor=as_actor(lab_user))
    with pytest.raises(CatalogError, match="不能进行"):
        actions.record_follow_up(failed, kind="close", occurred_on=dt.date(2025, 4, 20),
                                 actor=as_actor(supervisor))
    with pytest.raises(CatalogError, match="整改期限"):
        actions.record_follow_up(failed, kind="rectification", occurred_on=dt.date(2025, 4, 20),
                                 actor=as_actor(supervisor))
    with pytest.raises(PermissionDenied):
        actions.record_follow_up(failed, kind="rectification", occurred_on=dt.date(2025, 4, 20),
                                 due_on=dt.date(2025, 5, 20), actor=as_actor(lab_user))
    steps = [("rectification", {"due_on": dt.date(2025, 5, 20)}, "rectifying"),
             ("retest", {"retest_result": "fail"}, "retest_failed"),
             ("rectification", {"due_on": dt.date(2025, 7, 1)}, "rectifying"),
             ("retest", {"retest_result": "pass"}, "retest_passed"),
             ("close", {"note": "复查合格，结案"}, "closed")]
    for n, (kind, extra, state) in enumerate(steps):
        actions.record_follow_up(failed, kind=kind, occurred_on=dt.date(2025, 4, 20 + n),
                                 actor=as_actor(supervisor), **extra)
        assert SamplingRecord.objects.get(pk=failed.pk).follow_up_state == state
    assert FollowUp.objects.filter(sample=failed).count() == 5
    # The original result stands: a passed re-test does not rewrite the batch result.
    assert SamplingRecord.objects.get(pk=failed.pk).result == "fail"


def test_penalty_needs_a_decision(sample, lab_user, supervisor):
    failed = actions.enter_sample_result(sample, result="fail", failed_items=["温升"],
                                         standard="JB/T 8853-2015", report_number="R-4",
                                         tested_on=dt.date(2025, 4, 10), actor=as_actor(lab_user))
    with pytest.raises(CatalogError, match="决定书"):
        actions.record_follow_up(failed, kind="penalty", occurred_on=dt.date(2025, 5, 1),
                                 actor=as_actor(supervisor))
    actions.record_follow_up(failed, kind="penalty", occurred_on=dt.date(2025, 5, 1),
                             decision_number="津滨市监罚〔2025〕12号", actor=as_actor(supervisor))
    assert SamplingRecord.objects.get(pk=failed.pk).follow_up_state == "penalty"


def _sql_pass_rate(start: dt.date, end: dt.date, equipment_only: bool) -> tuple[int, int]:
    """The count written independently of the ORM query under test."""
    sql = ("SELECT SUM(CASE WHEN s.result = 'pass' THEN 1 ELSE 0 END), COUNT(*) "
           "FROM catalog_samplingrecord s JOIN registry_enterprise e ON e.id = s.enterprise_id "
           "WHERE s.status = 'tested' AND s.sampled_on BETWEEN %s AND %s")
    if equipment_only:
        sql += " AND e.is_equipment_manufacturer = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, True] if equipment_only else [start, end])
        passed, total = cursor.fetchone()
    return int(passed or 0), int(total)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.integers(0, 25))
def test_pass_rate_equals_an_independent_sql_count(db, seed, size):
    from django.db import transaction

    rng = random.Random(seed)
    with transaction.atomic():
        makers = [make_enterprise(is_equipment_manufacturer=rng.random() < 0.6) for _ in range(3)]
        for _ in range(size):
            tested = rng.random() < 0.8
            SamplingRecord.objects.create(
                enterprise=rng.choice(makers), product="样品",
                sampled_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(500)),
                status="tested" if tested else "drawn",
                result=rng.choice(["pass", "fail"]) if tested else "")
        for start, end in [(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                           (dt.date(2026, 1, 1), dt.date(2026, 3, 31))]:
            for equipment in (False, True):
                tally = queries.sampling_tally(start, end, equipment_only=equipment)
                assert (tally.passed, tally.total) == _sql_pass_rate(start, end, equipment)
        transaction.set_rollback(True)


def test_breakdowns_by_category_and_industry(catalogue, holder):
    switchgear = catalogue["categories"]["0301"]
    other = make_enterprise(industry_code="C3823")
    rows = [(holder, switchgear, "", "pass"), (holder, switchgear, "", "fail"),
            (other, None, "C3823", "pass"), (other, None, "", "pass")]
    for enterprise, category, industry, result in rows:
        SamplingRecord.objects.create(enterprise=enterprise, category=category, product="配电箱",
                                      industry_code=industry, sampled_on=dt.date(2025, 3, 1),
                                      status="tested", result=result)
    by_category = queries.sampling_breakdown(dt.date(2025, 1, 1), dt.date(2025, 12, 31),
                                             "category")
    assert [(r.key, r.label, r.tally.passed, r.tally.total) for r in by_category] == [
        ("0301", "低压成套开关设备", 1, 2), ("~配电箱", "配电箱", 2, 2)]
    by_industry = queries.sampling_breakdown(dt.date(2025, 1, 1), dt.date(2025, 12, 31),
                                             "industry")
    assert [(r.key, r.tally.passed, r.tally.total) for r in by_industry] == [
        ("C34", 1, 2), ("C38", 2, 2)]
    assert by_industry[1].label == "电气机械和器材制造业"


def test_division_of():
    assert queries.division_of("C3823") == "C38"
    assert queries.division_of("c34") == "C34"
    assert queries.division_of("3823") == "?"
    assert queries.division_of("") == "?"
    assert queries.division_of(None) == "?"
