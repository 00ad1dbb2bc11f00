"""POST /plan/reports/<pk>/review/: the lead unit accepts or sends back a
participant's report; the bureau reviews the lead unit's own."""

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


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, supervisor, inspector,
                                        file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/review/"
    assert client_for(fgw_user).get(url).status_code == 405
    refused = client_for(supervisor).post(url, {"outcome": "accepted"})
    assert refused.status_code == 403
    assert "参与单位的报告由牵头单位审核" in refused.content.decode()
    assert client_for(inspector).post(url, {"outcome": "accepted"}).status_code == 403
    assert is_login_redirect(client_for(None).post(url))


def test_self_review_is_refused_with_a_reason(plan, client_for, scjgj_user, file_report):
    report = file_report(scjgj_user, 1)
    client = client_for(scjgj_user)
    page = client.get(f"/plan/reports/{report.pk}/").content.decode()
    assert 'id="review-submit"' not in page and "牵头单位自己的报告由局审核" in page
    response = client.post(f"/plan/reports/{report.pk}/review/", {"outcome": "accepted"})
    assert response.status_code == 403
    assert "不能审核本单位的报告" in response.content.decode()
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


def test_the_bureau_reviews_the_lead_on_its_review_page(plan, client_for, scjgj_user, supervisor,
                                                        fgw_user, file_report):
    own = file_report(scjgj_user, 1)
    participant = file_report(fgw_user, 1)
    client = client_for(supervisor)
    page = client.get("/plan/reviews/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"/plan/reports/{own.pk}/" in text and f"/plan/reports/{participant.pk}/" not in text
    assert 'id="review-submit"' in client.get(f"/plan/reports/{own.pk}/").content.decode()
    assert client.post(f"/plan/reports/{own.pk}/review/",
                       {"outcome": "accepted", "comment": "同意"}).status_code == 302
    own.refresh_from_db()
    assert (own.state, own.reviewed_by) == (ReportState.ACCEPTED, supervisor)
    lead_page = client_for(scjgj_user).get("/plan/reviews/").content.decode()
    assert f"/plan/reports/{participant.pk}/" in lead_page and f"/plan/reports/{own.pk}/" not in lead_page
