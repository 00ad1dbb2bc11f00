"""actions.save_report: a unit's draft for a work item and period."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.models import ProgressReport, ReportState
from qualitycert.testing.actors import as_actor

from .conftest import work_item


def save(user, item, period, **fields):
    fields.setdefault("status", "in_progress")
    fields.setdefault("narrative", "推进中")
    fields.setdefault("figures", [])
    return actions.save_report(work_item=item, period=period, actor=as_actor(user), **fields)


def test_creates_then_updates_the_draft_with_audit(plan, fgw_user, last_period):
    item = work_item(plan, 1)
    report = save(fgw_user, item, last_period.code, figures=[["新增获证企业", "35"]])
    assert (report.state, report.department.code, report.figures) == (
        ReportState.DRAFT, "fgw", [["新增获证企业", "35"]])
    again = save(fgw_user, item, last_period.code.lower(), status="done", narrative="已完成")
    assert again.pk == report.pk
    assert ProgressReport.objects.get().status == "done"
    entries = AuditEntry.objects.filter(action="plan.report.save", object_id=str(report.pk))
    assert entries.count() == 2
    assert entries.last().before["status"] == "in_progress"


def test_only_a_responsible_unit_may_file(plan, sfj_user, last_period):
    # 区司法局 is responsible only for task 8.
    with pytest.raises(PermissionDenied):
        save(sfj_user, work_item(plan, 1), last_period.code)
    assert save(sfj_user, work_item(plan, 8), last_period.code).department.code == "sfj"


def test_bureau_staff_do_not_file_for_a_unit(plan, supervisor, last_period):
    with pytest.raises(PermissionDenied):
        save(supervisor, work_item(plan, 1), last_period.code)


@pytest.mark.parametrize("period", ["2026-03", "2030Q1", "2010Q1", "nonsense"])
def test_bad_periods_are_refused(plan, fgw_user, period):
    with pytest.raises(actions.PlanError):
        save(fgw_user, work_item(plan, 1), period)


def test_submitted_report_cannot_be_changed(plan, fgw_user, last_period, file_report):
    file_report(fgw_user, 1)
    with pytest.raises(actions.PlanError, match="报告已报送，不能修改"):
        save(fgw_user, work_item(plan, 1), last_period.code, narrative="改写")


def test_unknown_status_and_bad_figures(plan, fgw_user, last_period):
    with pytest.raises(actions.PlanError):
        save(fgw_user, work_item(plan, 1), last_period.code, status="finished")
    with pytest.raises(actions.PlanError):
        save(fgw_user, work_item(plan, 1), last_period.code, figures=[["", "3"]])
    assert not ProgressReport.objects.exists()
