"""actions.accept_report / request_revision: the lead unit reviews the other
units' reports (the bureau's part is in test_review_governance.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.models import InvalidReportTransition, ReportReview, ReportState
from qualitycert.testing.actors import as_actor


def test_lead_accepts(plan, fgw_user, scjgj_user, file_report):
    report = actions.accept_report(file_report(fgw_user, 1), actor=as_actor(scjgj_user), comment="好")
    assert (report.state, report.reviewed_by, report.revision_count) == (
        ReportState.ACCEPTED, scjgj_user, 0)
    assert ReportReview.objects.get().outcome == "accepted"
    assert AuditEntry.objects.filter(action="plan.report.accepted").exists()


def test_lead_asks_for_revision_with_a_comment(plan, fgw_user, scjgj_user, file_report):
    report = file_report(fgw_user, 1)
    with pytest.raises(actions.PlanError):
        actions.request_revision(report, actor=as_actor(scjgj_user), comment="   ")
    report = actions.request_revision(report, actor=as_actor(scjgj_user), comment="请补充培训数据")
    assert (report.state, report.review_comment) == (ReportState.REVISION_REQUESTED,
                                                     "请补充培训数据")
    assert AuditEntry.objects.get(action="plan.report.revision_requested").reason == "请补充培训数据"


def test_task_3_item_2_is_reviewed_by_the_science_bureau(plan, scjgj_user, kjj_user,
                                                         file_report):
    report = file_report(scjgj_user, 3, 2)  # 区市场监管局 is a co-unit of 3-2
    with pytest.raises(PermissionDenied):
        actions.accept_report(report, actor=as_actor(scjgj_user))
    assert actions.accept_report(report, actor=as_actor(kjj_user)).state == ReportState.ACCEPTED


def test_non_lead_units_and_bureau_cannot_review_a_participant(plan, fgw_user, kjj_user, supervisor,
                                                 file_report):
    report = file_report(fgw_user, 1)
    for actor in (fgw_user, kjj_user, supervisor):
        with pytest.raises(PermissionDenied):
            actions.accept_report(report, actor=as_actor(actor))


def test_only_submitted_reports_are_reviewed(plan, fgw_user, scjgj_user, file_report):
    draft = file_report(fgw_user, 1, submit=False)
    with pytest.raises(InvalidReportTransition):
        actions.accept_report(draft, actor=as_actor(scjgj_user))
    accepted = actions.accept_report(actions.submit_report(draft, actor=as_actor(fgw_user)),
                                     actor=as_actor(scjgj_user))
    with pytest.raises(InvalidReportTransition):
        actions.request_revision(accepted, actor=as_actor(scjgj_user), comment="再改")
