"""Recording, co-signing, reviewing and publishing results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.inspections import actions
from qualitycert.inspections.models import PlanError, ResultStatus
from qualitycert.testing.actors import as_actor
from qualitycert.workcalendar.queries import working_calendar

pytestmark = pytest.mark.django_db


def record(selection, actor, category="no_problem", deadline=None):
    return actions.save_result(selection, category=category, findings="现场检查未见异常",
                               rectification_deadline=deadline, actor=as_actor(actor))


def test_full_workflow_is_audited(selection, inspector, partner, supervisor) -> None:
    result = record(selection, inspector)
    assert result.status == ResultStatus.DRAFT and result.recorded_on is None
    result = actions.submit_result(result, actor=as_actor(inspector))
    today = timezone.localdate()
    assert result.status == ResultStatus.AWAITING_COSIGN and result.recorded_on == today
    deadline = working_calendar().add_working_days(today, 20)
    assert (result.publication_due_on, result.publication_due_provisional) == (
        deadline.due_on, deadline.provisional)
    result = actions.cosign_result(result, actor=as_actor(partner))
    assert result.status == ResultStatus.SUBMITTED and result.cosigned_by == partner
    result = actions.accept_result(result, actor=as_actor(supervisor), note="同意")
    result = actions.publish_result(result, actor=as_actor(supervisor))
    assert result.status == ResultStatus.PUBLISHED and result.published_at
    verbs = list(AuditEntry.objects.filter(action__startswith="inspections.result.")
                 .values_list("action", flat=True))
    assert verbs == [f"inspections.result.{v}" for v in
                     ("record", "submit", "cosign", "accept", "publish")]
    assert first_break() is None
    # Published, it is a fact of the enterprise's quality archive (issue 13).
    from qualitycert.credit.models import Fact

    fact = Fact.objects.get(source_type="inspections.result", source_id=str(result.pk))
    assert (fact.kind, fact.enterprise_id) == ("inspection_clean",
                                               selection.target.enterprise_id)


def test_the_recorder_cannot_cosign(selection, inspector) -> None:
    result = actions.submit_result(record(selection, inspector), actor=as_actor(inspector))
    with pytest.raises(PlanError, match="另一名成员"):
        actions.cosign_result(result, actor=as_actor(inspector))


def test_only_the_team_records(selection, outsider, supervisor) -> None:
    for actor in (outsider, supervisor):
        with pytest.raises(PermissionDenied):
            record(selection, actor)


def test_only_bureau_reviews(selection, inspector, partner) -> None:
    result = actions.cosign_result(actions.submit_result(record(selection, inspector),
                                                         actor=as_actor(inspector)), actor=as_actor(partner))
    with pytest.raises(PermissionDenied):
        actions.accept_result(result, actor=as_actor(inspector))


def test_return_for_correction_keeps_the_clock(selection, inspector, partner,
                                               supervisor) -> None:
    result = actions.submit_result(record(selection, inspector), actor=as_actor(inspector))
    due = result.publication_due_on
    result = actions.cosign_result(result, actor=as_actor(partner))
    with pytest.raises(PlanError, match="须写明需要修改的内容"):
        actions.return_result(result, actor=as_actor(supervisor), note=" ")
    result = actions.return_result(result, actor=as_actor(supervisor), note="补充现场照片")
    assert result.status == ResultStatus.RETURNED and result.cosigned_by is None
    result = record(selection, partner, category="corrected",
                    deadline=timezone.localdate() + dt.timedelta(days=30))
    result = actions.submit_result(result, actor=as_actor(partner))
    assert result.publication_due_on == due
    actions.cosign_result(result, actor=as_actor(inspector))


def test_steps_check_the_state(selection, inspector, supervisor) -> None:
    result = record(selection, inspector)
    with pytest.raises(PlanError):
        actions.publish_result(result, actor=as_actor(supervisor))
    with pytest.raises(PlanError):
        actions.accept_result(result, actor=as_actor(supervisor))
    actions.submit_result(result, actor=as_actor(inspector))
    with pytest.raises(PlanError):
        record(selection, inspector)  # not editable while awaiting co-signature


@pytest.mark.parametrize(("category", "deadline", "fragment"), [
    ("corrected", None, "须填写整改期限"),
    ("nonconforming", None, "须填写整改期限"),
    ("no_problem", dt.date(2000, 1, 1), "不能早于今天"),
    ("excellent", None, "请选择检查结果类别"),
])
def test_result_input_rules(selection, inspector, category, deadline, fragment) -> None:
    with pytest.raises(PlanError, match=fragment):
        record(selection, inspector, category=category, deadline=deadline)
