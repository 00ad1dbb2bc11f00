"""POST /plan/reports/<pk>/submit/."""

from __future__ import annotations

from qualitycert.plan.models import ProgressReport, ReportState

from .conftest import is_login_redirect


def test_owner_submits(plan, client_for, fgw_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    response = client_for(fgw_user).post(f"/plan/reports/{report.pk}/submit/")
    assert response.status_code == 302
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


def test_submitting_twice_is_a_409(plan, client_for, fgw_user, file_report):
    report = file_report(fgw_user, 1)
    response = client_for(fgw_user).post(f"/plan/reports/{report.pk}/submit/")
    assert response.status_code == 409
    assert "不能报送" in response.content.decode()


def test_lead_may_read_but_not_submit_and_strangers_get_404(plan, client_for, fgw_user,
                                                           scjgj_user, kjj_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    url = f"/plan/reports/{report.pk}/submit/"
    assert client_for(scjgj_user).post(url).status_code == 403
    assert client_for(kjj_user).post(url).status_code == 404
    assert ProgressReport.objects.get().state == ReportState.DRAFT


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, supervisor, file_report):
    report = file_report(fgw_user, 1, submit=False)
    url = f"/plan/reports/{report.pk}/submit/"
    assert client_for(fgw_user).get(url).status_code == 405
    assert client_for(supervisor).post(url).status_code == 403
    assert is_login_redirect(client_for(None).post(url))
