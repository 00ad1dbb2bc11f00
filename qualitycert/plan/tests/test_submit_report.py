"""actions.submit_report and the state machine's transition methods."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.models import InvalidReportTransition, ReportState
from qualitycert.testing.actors import as_actor


def test_submit_records_first_submission_and_audits(plan, fgw_user, file_report):
    draft = file_report(fgw_user, 1, submit=False)
    report = actions.submit_report(draft, actor=as_actor(fgw_user))
    assert report.state == ReportState.SUBMITTED
    assert report.first_submitted_at == report.submitted_at is not None
    entry = AuditEntry.objects.get(action="plan.report.submit")
    assert (entry.before["state"], entry.after["state"]) == ("draft", "submitted")


def test_cannot_submit_twice(plan, fgw_user, file_report):
    report = file_report(fgw_user, 1)
    with pytest.raises(InvalidReportTransition):
        actions.submit_report(report, actor=as_actor(fgw_user))


def test_another_unit_cannot_submit(plan, fgw_user, kjj_user, scjgj_user, file_report):
    draft = file_report(fgw_user, 1, submit=False)
    for stranger in (kjj_user, scjgj_user):  # the lead unit reviews, but does not submit
        with pytest.raises(PermissionDenied):
            actions.submit_report(draft, actor=as_actor(stranger))


def test_resubmission_after_revision_keeps_the_first_submission_time(
        plan, fgw_user, scjgj_user, file_report):
    report = file_report(fgw_user, 1)
    first = report.first_submitted_at
    report = actions.request_revision(report, actor=as_actor(scjgj_user), comment="请补充数据")
    report = actions.submit_report(report, actor=as_actor(fgw_user))
    assert report.first_submitted_at == first
    assert report.submitted_at >= first
    assert report.revision_count == 1
