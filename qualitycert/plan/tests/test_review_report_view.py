"""POST /plan/reports/<pk>/review/: the lead unit accepts or sends back."""

from __future__ import annotations

from qualitycert.plan.models import ProgressReport, ReportState

from .conftest import is_login_redirect


def test_lead_accepts(plan, client_for, fgw_user, scjgj_user, file_report):
    report = file_report(fgw_user, 1)
    response = client_for(scjgj_user).post(f"/plan/reports/{report.pk}/review/",
                                           {"outcome": "accepted", "comment": ""})
    assert response.status_code == 302
    assert ProgressReport.objects.get().state == ReportState.ACCEPTED


def test_revision_needs_a_comment(plan, client_for, fgw_user, scjgj_user, file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/review/"
    client = client_for(scjgj_user)
    assert client.post(url, {"outcome": "revision_requested"}).status_code == 400
    assert client.post(url, {"outcome": "nonsense"}).status_code == 400
    assert client.post(url, {"outcome": "revision_requested",
                             "comment": "请补充"}).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.review_comment) == (ReportState.REVISION_REQUESTED, "请补充")
    page = client_for(fgw_user).get(f"/plan/reports/{report.pk}/").content.decode()
    assert "请补充" in page


def test_reviewing_an_accepted_report_is_a_409(plan, client_for, fgw_user, scjgj_user,
                                               file_report):
    report = file_report(fgw_user, 1)
    client = client_for(scjgj_user)
    client.post(f"/plan/reports/{report.pk}/review/", {"outcome": "accepted"})
    assert client.post(f"/plan/reports/{report.pk}/review/",
                       {"outcome": "accepted"}).status_code == 409


def test_owner_cannot_review_and_strangers_get_404(plan, client_for, fgw_user, kjj_user,
                                                   file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/review/"
    assert client_for(fgw_user).post(url, {"outcome": "accepted"}).status_code == 403
    assert client_for(kjj_user).post(url, {"outcome": "accepted"}).status_code == 404
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, supervisor, file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/review/"
    assert client_for(fgw_user).get(url).status_code == 405
    assert client_for(supervisor).post(url, {"outcome": "accepted"}).status_code == 403
    assert is_login_redirect(client_for(None).post(url))
