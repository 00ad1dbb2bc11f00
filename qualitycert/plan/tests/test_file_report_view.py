"""GET/POST /plan/items/<item>/<period>/: a unit files or edits its draft."""

from __future__ import annotations

from qualitycert.plan.models import ProgressReport, ReportState

from .conftest import is_login_redirect, work_item


def url(item, period) -> str:
    return f"/plan/items/{item.pk}/{period.code}/"


def test_files_a_draft(plan, client_for, fgw_user, last_period):
    item = work_item(plan, 1)
    client = client_for(fgw_user)
    assert client.get(url(item, last_period)).status_code == 200
    response = client.post(url(item, last_period), {
        "status": "in_progress", "narrative": "推进顺利", "figures": "新增获证企业：35\n培训人次:120"})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plan/reports/{report.pk}/"
    assert report.figures == [["新增获证企业", "35"], ["培训人次", "120"]]
    assert report.state == ReportState.DRAFT and report.department.code == "fgw"


def test_bad_input_is_a_400_with_a_reason(plan, client_for, fgw_user, last_period):
    response = client_for(fgw_user).post(url(work_item(plan, 1), last_period), {
        "status": "in_progress", "figures": "没有冒号"})
    assert response.status_code == 400
    assert "第1行缺少冒号" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_submitted_report_redirects_to_its_page(plan, client_for, fgw_user, file_report,
                                               last_period):
    report = file_report(fgw_user, 1)
    response = client_for(fgw_user).get(url(report.work_item, last_period))
    assert response.status_code == 302 and response["Location"] == f"/plan/reports/{report.pk}/"


def test_another_units_item_is_404(plan, client_for, sfj_user, last_period):
    # 区司法局 is not responsible for task 1: the item does not exist for it.
    client = client_for(sfj_user)
    assert client.get(url(work_item(plan, 1), last_period)).status_code == 404
    assert client.post(url(work_item(plan, 1), last_period),
                       {"status": "done"}).status_code == 404


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, supervisor, last_period):
    item = work_item(plan, 1)
    assert client_for(fgw_user).put(url(item, last_period)).status_code == 405
    assert client_for(supervisor).get(url(item, last_period)).status_code == 403
    assert is_login_redirect(client_for(None).get(url(item, last_period)))


def test_future_period_is_refused(plan, client_for, fgw_user):
    response = client_for(fgw_user).post(f"/plan/items/{work_item(plan, 1).pk}/2999Q1/",
                                         {"status": "done"})
    assert response.status_code == 400
    assert "2999Q1尚未开始" in response.content.decode()
