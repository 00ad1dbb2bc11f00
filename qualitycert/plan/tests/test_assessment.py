"""assess(): the yearly score per unit from timeliness, completeness and review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.assessment import assess, rule_for
from qualitycert.plan.models import ProgressReport
from qualitycert.testing.actors import as_actor


@pytest.fixture
def last_year() -> int:
    return timezone.localdate().year - 1


def submitted_on(report, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    ProgressReport.objects.filter(pk=report.pk).update(first_submitted_at=moment,
                                                       submitted_at=moment)


@pytest.fixture
def sfj_year(plan, sfj_user, scjgj_user, file_report, last_year):
    """区司法局 owes one report a quarter (task 8 only). Q1 on time and accepted;
    Q2 late and accepted; Q3 on time but sent back once, then accepted; Q4 missing."""
    q1 = file_report(sfj_user, 8, period=f"{last_year}Q1")
    submitted_on(q1, dt.date(last_year, 4, 10))
    actions.accept_report(q1, actor=as_actor(scjgj_user))
    q2 = file_report(sfj_user, 8, period=f"{last_year}Q2")
    submitted_on(q2, dt.date(last_year, 7, 11))
    actions.accept_report(q2, actor=as_actor(scjgj_user))
    q3 = file_report(sfj_user, 8, period=f"{last_year}Q3")
    submitted_on(q3, dt.date(last_year, 10, 2))
    q3 = actions.request_revision(q3, actor=as_actor(scjgj_user), comment="补充")
    actions.accept_report(actions.submit_report(q3, actor=as_actor(sfj_user)), actor=as_actor(scjgj_user))


def test_the_score_of_one_unit(plan, sfj_year, last_year):
    result = assess(plan, last_year)
    sfj = next(u for u in result.units if u.department.code == "sfj")
    assert (sfj.due, sfj.filed, sfj.on_time, sfj.accepted_first_time) == (4, 3, 2, 2)
    assert (sfj.completeness, sfj.timeliness, sfj.review) == (
        Decimal("0.75"), Decimal("0.5"), Decimal("0.6667"))
    # default weights 40/40/20: 100 × (0.4×0.5 + 0.4×0.75 + 0.2×0.6667)
    assert sfj.score == Decimal("63.3")
    assert result.rule.effective_year == 2019


def test_units_that_filed_nothing_score_zero(plan, sfj_year, last_year):
    gaj = next(u for u in assess(plan, last_year).units if u.department.code == "gaj")
    assert (gaj.filed, gaj.score) == (0, Decimal("0.0"))
    assert gaj.due > 0
    assert len(assess(plan, last_year).units) == 25


def test_only_deadlines_already_passed_are_due(plan, sfj_year, last_year):
    # Scored on 9 October, only Q1 and Q2 (due 10 April, 10 July) are due; Q3 is due
    # on 10 October.
    result = assess(plan, last_year, as_of=dt.date(last_year, 10, 9))
    sfj = next(u for u in result.units if u.department.code == "sfj")
    assert (sfj.due, sfj.filed, sfj.on_time) == (2, 2, 1)


def test_a_new_rule_version_changes_the_score_and_is_audited(plan, sfj_year, last_year,
                                                             supervisor, fgw_user):
    with pytest.raises(PermissionDenied):
        actions.add_assessment_rule(plan=plan, effective_year=last_year, timeliness=1,
                                    completeness=0, review=0, note="", actor=as_actor(fgw_user))
    rule = actions.add_assessment_rule(plan=plan, effective_year=last_year, timeliness=100,
                                       completeness=0, review=0, note="只看按时",
                                       actor=as_actor(supervisor))
    assert rule_for(plan, last_year) == rule
    assert rule_for(plan, last_year - 1).effective_year == 2019
    sfj = next(u for u in assess(plan, last_year).units if u.department.code == "sfj")
    assert sfj.score == Decimal("50.0")
    again = actions.add_assessment_rule(plan=plan, effective_year=last_year, timeliness=1,
                                        completeness=1, review=1, note="", actor=as_actor(supervisor))
    assert again.version == 2
    assert AuditEntry.objects.filter(action="plan.assessment_rule.add").count() == 2
    with pytest.raises(actions.PlanError):
        actions.add_assessment_rule(plan=plan, effective_year=last_year, timeliness=0,
                                    completeness=0, review=0, note="", actor=as_actor(supervisor))


def test_a_moved_deadline_changes_timeliness(plan, sfj_year, last_year, supervisor):
    actions.set_period_deadline(plan=plan, period=f"{last_year}Q2",
                                due_on=dt.date(last_year, 7, 15), reason="端午假期顺延",
                                actor=as_actor(supervisor))
    sfj = next(u for u in assess(plan, last_year).units if u.department.code == "sfj")
    assert sfj.on_time == 3
    with pytest.raises(actions.PlanError):
        actions.set_period_deadline(plan=plan, period=f"{last_year}Q2",
                                    due_on=dt.date(last_year, 6, 1), reason="x", actor=as_actor(supervisor))
