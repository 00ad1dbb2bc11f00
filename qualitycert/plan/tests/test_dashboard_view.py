"""GET /plan/: targets, trend, task progress, overdue reports."""

from __future__ import annotations

from qualitycert.plan import actions
from qualitycert.testing.actors import as_actor

from .conftest import is_login_redirect

URL = "/plan/"


def test_bureau_sees_targets_progress_and_overdue(plan, client_for, supervisor, issue, body_a,
                                                  holder):
    issue(body_a, holder, "DASH-1")
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "管理体系认证获证企业" in html and "&gt; 2600家" in html
    assert "<svg" in html  # the quarterly trend line
    assert "加强服务新区重大产业能力建设" in html
    assert "区司法局" in html  # overdue list names every unit that has not reported
    assert response.context["overdue_count"] > 0


def test_accepted_status_shows_in_task_progress(plan, client_for, supervisor, fgw_user,
                                                scjgj_user, file_report):
    report = file_report(fgw_user, 1, status="done")
    progress = dict(client_for(supervisor).get(URL).context["progress"])
    item = progress[report.work_item.task][0]
    fgw = next(u for u in item.units if u.department.code == "fgw")
    assert (fgw.status, fgw.pending) == (None, 1)
    actions.accept_report(report, actor=as_actor(scjgj_user))
    progress = dict(client_for(supervisor).get(URL).context["progress"])
    fgw = next(u for u in progress[report.work_item.task][0].units if u.department.code == "fgw")
    assert (fgw.status, fgw.pending) == ("done", 0)


def test_department_sees_only_its_own_overdue_reports(plan, client_for, sfj_user):
    response = client_for(sfj_user).get(URL)
    assert response.status_code == 200
    units = {o.obligation.department.code for o in response.context["overdue"]}
    assert units == {"sfj"}


def test_wrong_method_role_and_anonymous(plan, client_for, supervisor, cb_alice,
                                         enterprise_user):
    assert client_for(supervisor).post(URL).status_code == 405
    assert client_for(cb_alice).get(URL).status_code == 403
    assert client_for(enterprise_user).get(URL).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))


def test_task_progress_as_of_a_past_day(plan, fgw_user, scjgj_user, file_report):
    import datetime as dt

    from django.utils import timezone

    from qualitycert.plan.models import ProgressReport
    from qualitycert.plan.queries import task_progress

    report = file_report(fgw_user, 1, status="done")
    report = actions.accept_report(report, actor=as_actor(scjgj_user))
    today = timezone.localdate()

    def fgw_on(as_of):  # type: ignore[no-untyped-def]
        progress = dict(task_progress(plan, as_of))
        return next((u.status, u.pending) for u in progress[report.work_item.task][0].units
                    if u.department.code == "fgw")

    assert fgw_on(today) == fgw_on(None) == ("done", 0)
    # Submitted two days ago, accepted yesterday: the day before yesterday it was pending.
    ProgressReport.objects.filter(pk=report.pk).update(
        first_submitted_at=timezone.now() - dt.timedelta(days=2),
        reviewed_at=timezone.now() - dt.timedelta(days=1))
    assert fgw_on(today - dt.timedelta(days=2)) == (None, 1)
    assert fgw_on(today - dt.timedelta(days=3)) == (None, 0)


def test_department_account_without_a_unit_sees_no_overdue_list(plan, client_for):
    from qualitycert.accounts.models import User

    orphan = User.objects.create_user(username="orphan", password="x" * 12, role="department")
    response = client_for(orphan).get(URL)
    assert response.status_code == 200
    assert response.context["overdue_count"] == 0
