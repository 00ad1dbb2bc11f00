"""Who reviews whom (issue 11 item 7): no unit reviews its own report. The
lead unit reviews the participating units' reports; the bureau (admin,
supervisor) reviews the lead unit's own; anyone else is refused, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.access import reviewable_by
from qualitycert.plan.models import ProgressReport, ReportState
from qualitycert.testing.actors import as_actor


def refused(report, user) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied) as caught:
        actions.accept_report(report, actor=as_actor(user))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    return str(caught.value)


def test_lead_unit_cannot_accept_its_own_report(plan, scjgj_user, file_report):
    report = file_report(scjgj_user, 1)  # 区市场监管局 leads 1-1 and files for it too
    assert "本单位" in refused(report, scjgj_user)
    entry = AuditEntry.objects.get(action="plan.report.review_refused")
    assert (entry.object_id, entry.actor) == (str(report.pk), scjgj_user)
    assert "本单位" in entry.reason
    assert not report.reviews.exists()


def test_bureau_reviews_the_lead_units_own_report(plan, scjgj_user, supervisor, admin_user,
                                                  file_report):
    report = file_report(scjgj_user, 1)
    assert list(reviewable_by(supervisor)) == [report]
    assert list(reviewable_by(scjgj_user)) == []
    accepted = actions.accept_report(report, actor=as_actor(supervisor), comment="同意")
    assert (accepted.state, accepted.reviewed_by) == (ReportState.ACCEPTED, supervisor)
    assert AuditEntry.objects.filter(action="plan.report.accepted",
                                     object_id=str(report.pk)).exists()
    other = file_report(scjgj_user, 2)
    revised = actions.request_revision(other, actor=as_actor(admin_user), comment="请补充数据")
    assert revised.state == ReportState.REVISION_REQUESTED


def test_lead_reviews_a_participant_and_the_bureau_does_not(plan, fgw_user, scjgj_user,
                                                             supervisor, file_report):
    report = file_report(fgw_user, 1)
    assert list(reviewable_by(scjgj_user)) == [report]
    assert list(reviewable_by(supervisor)) == []
    assert "牵头单位" in refused(report, supervisor)
    assert actions.accept_report(report, actor=as_actor(scjgj_user)).state == ReportState.ACCEPTED


def test_a_department_of_another_task_is_refused(plan, fgw_user, kjj_user, file_report):
    report = file_report(fgw_user, 1)  # 区科技局 leads 3-2, not 1-1
    assert "牵头单位" in refused(report, kjj_user)
    assert list(reviewable_by(kjj_user)) == []
    assert AuditEntry.objects.filter(action="plan.report.review_refused").count() == 1


def test_the_participant_cannot_review_its_own(plan, fgw_user, file_report):
    report = file_report(fgw_user, 1)
    with pytest.raises(PermissionDenied):
        actions.request_revision(report, actor=as_actor(fgw_user), comment="自己退回")
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED
