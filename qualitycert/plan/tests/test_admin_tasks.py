"""The back-office pages of plan/admin/tasks.py: bureau staff read; weights go through actions."""

from __future__ import annotations

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.plan.models import AssessmentRule, Task


@pytest.mark.parametrize("model", ["task", "target", "progressreport", "assessmentrule",
                                   "perioddeadline", "manualfigure", "plan", "reminderlog"])
def test_bureau_reads_the_lists(plan, client_for, supervisor, model):
    assert client_for(supervisor).get(f"/admin/plan/{model}/").status_code == 200


def test_task_page_is_read_only(plan, client_for, supervisor):
    task = Task.objects.get(plan=plan, number=3)
    response = client_for(supervisor).get(f"/admin/plan/task/{task.pk}/change/")
    assert response.status_code == 200
    assert "立足落实全国先进制造研发基地建设" in response.content.decode()
    assert client_for(supervisor).post(f"/admin/plan/task/{task.pk}/change/",
                                       {"name": "x"}).status_code == 403


def test_adding_a_rule_makes_an_audited_version(plan, client_for, supervisor):
    response = client_for(supervisor).post("/admin/plan/assessmentrule/add/", {
        "plan": plan.pk, "effective_year": 2026, "weight_timeliness": 50,
        "weight_completeness": 30, "weight_review": 20, "note": "2026年起"})
    assert response.status_code == 302
    assert AssessmentRule.objects.get(effective_year=2026).version == 1
    assert AuditEntry.objects.filter(action="plan.assessment_rule.add").exists()


def test_other_roles_are_kept_out(plan, client_for, cb_alice):
    assert client_for(cb_alice).get("/admin/plan/task/").status_code in {403, 302}
