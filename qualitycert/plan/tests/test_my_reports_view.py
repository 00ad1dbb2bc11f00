"""GET /plan/reports/: a unit's items for a period; the bureau's list of reports."""

from __future__ import annotations

from .conftest import is_login_redirect

URL = "/plan/reports/"


def test_unit_sees_only_the_items_it_is_responsible_for(plan, client_for, sfj_user,
                                                        last_period):
    response = client_for(sfj_user).get(URL)
    assert response.status_code == 200
    assert response.context["period"] == last_period.code
    assert [(item.task.number, item.item) for item, _ in response.context["rows"]] == [(8, 1)]


def test_bureau_sees_reports_of_all_units(plan, client_for, supervisor, fgw_user, sfj_user,
                                          file_report, last_period):
    file_report(fgw_user, 1)
    file_report(sfj_user, 8)
    response = client_for(supervisor).get(URL, {"period": last_period.code})
    assert {r.department.code for r in response.context["reports"]} == {"fgw", "sfj"}


def test_lead_unit_sees_reports_of_items_it_leads_but_not_others(plan, client_for, kjj_user,
                                                                 fgw_user, scjgj_user,
                                                                 file_report):
    # 区科技局 leads 3-2 only; 区发展改革委's report on task 1 is not its business.
    file_report(fgw_user, 1)
    mine = file_report(scjgj_user, 3, 2)
    from qualitycert.plan.access import reports_visible_to

    assert list(reports_visible_to(kjj_user)) == [mine]


def test_unknown_period_is_404(plan, client_for, sfj_user):
    assert client_for(sfj_user).get(URL, {"period": "1999Q1"}).status_code == 404


def test_wrong_method_role_and_anonymous(plan, client_for, sfj_user, cb_alice):
    assert client_for(sfj_user).post(URL).status_code == 405
    assert client_for(cb_alice).get(URL).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))


def test_before_reporting_starts_the_page_says_so(plan, client_for, sfj_user):
    import datetime as dt

    plan.reporting_starts_on = dt.date(2999, 1, 1)
    plan.save()
    response = client_for(sfj_user).get(URL)
    assert response.status_code == 200
    assert "报送尚未开始" in response.content.decode()
