"""compute_targets: the plan's targets against the registry, sampling and manual figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog.models import SamplingRecord
from qualitycert.plan import actions
from qualitycert.plan.models import Target
from qualitycert.plan.targets import (
    certified_enterprises_by_category,
    compute_targets,
    quarter_ends,
)
from qualitycert.registry import actions as registry_actions
from qualitycert.registry.models import Certificate, CertificateStatus
from qualitycert.registry.queries import certificates_valid_on
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise


def values(as_of: dt.date, plan) -> dict[str, object]:
    return {v.code: v for v in compute_targets(as_of, plan)}


def independent_count(category: str, day: dt.date) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT c.holder_id) FROM registry_certificate c "
            "JOIN registry_scheme s ON s.id = c.scheme_id "
            "WHERE s.category = %s AND c.status = 'valid' "
            "AND c.issued_on <= %s AND c.expires_on >= %s", [category, day, day])
        return cursor.fetchone()[0]


@pytest.fixture
def certified(plan, issue, body_a, body_b, holder):
    """Three enterprises with management-system certificates (one holds two),
    one with a food certificate, one with a service certificate."""
    second, third = make_enterprise("第二测试有限公司"), make_enterprise("第三测试有限公司")
    certs = {
        "a9001": issue(body_a, holder, "MS-1"),
        "a14001": issue(body_a, holder, "MS-2", scheme="ISO14001"),
        "b9001": issue(body_b, second, "MS-3"),
        "c45001": issue(body_a, third, "MS-4", scheme="ISO45001"),
        "haccp": issue(body_b, third, "FD-1", scheme="HACCP"),
        "service": issue(body_a, second, "SV-1", scheme="GBT27922"),
    }
    return certs


def test_management_system_count_equals_independent_sql(certified, plan):
    today = timezone.localdate()
    now = values(today, plan)
    assert now["management_system_enterprises"].value == Decimal(3)
    assert now["management_system_enterprises"].value == independent_count(
        "management_system", today)
    assert now["food_agri_enterprises"].value == independent_count("food_agri", today) == 1
    assert now["service_enterprises"].value == independent_count("service", today) == 1
    assert now["management_system_enterprises"].met is False  # 3 is not > 2600


def test_withdrawal_changes_the_target_and_history_keeps_the_past(certified, plan, supervisor):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    registry_actions.withdraw_certificate(certified["b9001"], reason="冒用认证标志", actor=as_actor(supervisor), decision=any_decision())
    assert values(today, plan)["management_system_enterprises"].value == 2
    assert independent_count("management_system", today) == 2
    # On the day before the withdrawal the enterprise still held a valid certificate.
    assert values(yesterday, plan)["management_system_enterprises"].value == 3


def test_one_of_two_certificates_withdrawn_keeps_the_holder(certified, plan, supervisor):
    registry_actions.withdraw_certificate(certified["a9001"], reason="违规", actor=as_actor(supervisor), decision=any_decision())
    assert values(timezone.localdate(), plan)["management_system_enterprises"].value == 3


def test_suspension_in_the_past_is_read_from_events(certified, plan, supervisor):
    cert = certified["c45001"]
    registry_actions.suspend_certificate(cert, reason="未按期监督审核", actor=as_actor(supervisor),
                                         on=dt.date(2025, 6, 1), decision=any_decision())
    registry_actions.restore_certificate(cert, reason="已完成监督审核", actor=as_actor(supervisor),
                                         on=dt.date(2025, 8, 1))
    counts = {day: values(day, plan)["management_system_enterprises"].value
              for day in (dt.date(2025, 5, 31), dt.date(2025, 7, 1), dt.date(2025, 9, 1))}
    assert counts == {dt.date(2025, 5, 31): 3, dt.date(2025, 7, 1): 2, dt.date(2025, 9, 1): 3}


def test_before_issue_nothing_counts(certified, plan):
    assert values(dt.date(2024, 12, 31), plan)["management_system_enterprises"].value == 0


def replay_valid(cert: Certificate, day: dt.date) -> bool:
    """Status on `day` by replaying every event in Python: the slow, obvious rule."""
    status = None
    for event in cert.events.order_by("occurred_on", "id"):
        if event.occurred_on > day:
            break
        if event.kind not in {"surveillance", "correct"}:
            status = event.to_status
    return status == CertificateStatus.VALID and day <= cert.expires_on


def test_valid_on_matches_an_event_replay(certified, plan, supervisor):
    registry_actions.suspend_certificate(certified["a9001"], reason="暂停", actor=as_actor(supervisor),
                                         on=dt.date(2025, 3, 1), decision=any_decision())
    registry_actions.withdraw_certificate(certified["a9001"], reason="撤销", actor=as_actor(supervisor),
                                          on=dt.date(2025, 9, 1), decision=any_decision())
    registry_actions.cancel_certificate(certified["haccp"], reason="注销", actor=as_actor(supervisor),
                                        on=dt.date(2026, 2, 1))
    registry_actions.expire_certificate(certified["service"], actor=as_actor(supervisor),
                                        on=dt.date(2028, 1, 10))
    days = [dt.date(2025, 1, 9), dt.date(2025, 1, 10), dt.date(2025, 3, 1), dt.date(2025, 8, 31),
            dt.date(2025, 9, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1), dt.date(2028, 1, 9),
            dt.date(2028, 1, 10)]
    for day in days:
        valid = [c for c in Certificate.objects.select_related("scheme") if replay_valid(c, day)]
        assert set(certificates_valid_on(day).values_list("pk", flat=True)) == {
            c.pk for c in valid}, day
        holders: dict[str, set[int]] = {}
        for cert in valid:
            holders.setdefault(cert.scheme.category, set()).add(cert.holder_id)
        assert certified_enterprises_by_category(day) == {
            category: len(ids) for category, ids in holders.items()}, day


def test_a_certificate_without_history_is_taken_at_its_current_state(plan, body_a, holder):
    from qualitycert.registry.models import Scheme

    # As a bulk import without events would leave it.
    Certificate.objects.create(
        number="IMPORTED-1", body=body_a, holder=holder, scheme=Scheme.objects.get(code="ISO9001"),
        issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2026, 12, 31), status="valid",
        status_changed_on=dt.date(2024, 1, 1))
    assert values(dt.date(2025, 6, 30), plan)["management_system_enterprises"].value == 1
    assert values(dt.date(2023, 6, 30), plan)["management_system_enterprises"].value == 0


def test_tech_leader_brand_share(plan):
    assert values(timezone.localdate(), plan)["tech_leader_brand"].value is None
    make_enterprise(is_tech_leader=True, has_own_brand=True)
    make_enterprise(is_tech_leader=True, has_own_brand=False)
    make_enterprise(is_tech_leader=False, has_own_brand=False)
    share = values(timezone.localdate(), plan)["tech_leader_brand"]
    assert share.value == Decimal("50.00")
    assert share.met is False
    from qualitycert.registry.models import Enterprise

    Enterprise.objects.filter(is_tech_leader=True).update(has_own_brand=True)
    assert values(timezone.localdate(), plan)["tech_leader_brand"].met is True


def test_equipment_pass_rate_counts_the_year_of_equipment_makers(plan):
    maker = make_enterprise(is_equipment_manufacturer=True)
    other = make_enterprise(is_equipment_manufacturer=False)
    year = timezone.localdate().year
    rows = [(maker, dt.date(year, 1, 5), "pass"), (maker, dt.date(year, 1, 6), "pass"),
            (maker, dt.date(year, 1, 7), "pass"), (maker, dt.date(year, 1, 8), "fail"),
            (other, dt.date(year, 1, 9), "fail"), (maker, dt.date(year - 1, 12, 31), "fail")]
    for enterprise, day, result in rows:
        SamplingRecord.objects.create(enterprise=enterprise, product="数控机床", sampled_on=day,
                                      status="tested", result=result)
    # Samples still at the lab have no result and do not count yet.
    SamplingRecord.objects.create(enterprise=maker, product="数控机床", sampled_on=dt.date(year, 1, 5))
    rate = values(dt.date(year, 1, 31), plan)["equipment_pass_rate"]
    assert rate.value == Decimal("75.00")
    assert rate.met is False
    assert values(dt.date(year, 1, 5), plan)["equipment_pass_rate"].value == Decimal("100.00")
    assert values(dt.date(year, 1, 5), plan)["equipment_pass_rate"].met is True


def test_manual_figure_is_the_latest_up_to_the_date_and_audited(gi_by_hand, plan, supervisor):
    target = Target.objects.get(plan=plan, code="geographical_indications")
    assert values(timezone.localdate(), plan)["geographical_indications"].value is None
    actions.record_manual_figure(target=target, value=Decimal(3), as_of=dt.date(2025, 12, 31),
                                 source="区知识产权局通报", actor=as_actor(supervisor))
    actions.record_manual_figure(target=target, value=Decimal(5), as_of=dt.date(2026, 6, 30),
                                 source="区知识产权局2026年半年通报", actor=as_actor(supervisor))
    assert values(dt.date(2026, 3, 31), plan)["geographical_indications"].value == 3
    latest = values(timezone.localdate(), plan)["geographical_indications"]
    assert (latest.value, latest.met) == (5, True)
    assert "2026年半年通报" in latest.source
    assert AuditEntry.objects.filter(action="plan.figure.record").count() == 2


def test_manual_figures_are_for_bureau_staff_and_manual_targets_only(gi_by_hand, plan, dept_user,
                                                                    supervisor):
    target = Target.objects.get(plan=plan, code="geographical_indications")
    with pytest.raises(PermissionDenied):
        actions.record_manual_figure(target=target, value=Decimal(1), as_of=dt.date(2026, 1, 1),
                                     source="x", actor=as_actor(dept_user))
    computed = Target.objects.get(plan=plan, code="management_system_enterprises")
    with pytest.raises(actions.PlanError):
        actions.record_manual_figure(target=computed, value=Decimal(9999),
                                     as_of=dt.date(2026, 1, 1), source="x", actor=as_actor(supervisor))
    with pytest.raises(actions.PlanError, match="必须注明数据来源"):
        actions.record_manual_figure(target=target, value=Decimal(1), as_of=dt.date(2026, 1, 1),
                                     source="  ", actor=as_actor(supervisor))


def test_compute_targets_costs_a_handful_of_queries(certified, plan):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = compute_targets(timezone.localdate(), plan)
    statements = [q["sql"] for q in captured.captured_queries
                  if q["sql"].lstrip().split(" ", 1)[0].upper() in {"SELECT", "WITH"}]
    # targets, certified enterprises (all categories), tech leaders, sampling, GI records
    assert len(statements) == 5
    assert len(result) == 6


def test_quarter_ends():
    assert quarter_ends(dt.date(2026, 11, 26), 3) == [
        dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 11, 26)]
    assert quarter_ends(dt.date(2026, 1, 15), 2) == [
        dt.date(2025, 9, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 15)]
