"""GET /plan/: targets and trend for everyone; task progress and overdue
reports for plan users."""

from __future__ import annotations

from qualitycert.plan import actions
from qualitycert.testing.actors import as_actor

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


def test_wrong_method_and_the_public_part(plan, client_for, supervisor, cb_alice,
                                         enterprise_user, fgw_user, file_report):
    file_report(fgw_user, 1)
    assert client_for(supervisor).post(URL).status_code == 405
    assert client_for(None).post(URL).status_code == 405
    for user in (None, cb_alice, enterprise_user):
        response = client_for(user).get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="targets"' in html and "管理体系认证获证企业" in html
        # Progress, overdue units and report contents are the units' internal work.
        assert 'id="progress"' not in html and 'id="overdue"' not in html
        assert "区司法局" not in html and "/plan/reports/" not in html
        assert "/figures/" not in html  # entering figures is the bureau's


def test_a_target_without_data_says_so(plan, client_for, supervisor):
    from qualitycert.plan.models import Target

    html = client_for(None).get(URL).content.decode()
    empty = [t.code for t in Target.objects.filter(plan=plan)]
    assert empty  # the test database has no certificates, samples or figures
    response = client_for(supervisor).get(URL)
    for target in response.context["targets"]:
        if target["now"].value is None:
            row = html.split(f'data-target="{target["now"].code}"', 1)[1].split("</tr>", 1)[0]
            assert "无数据" in row and "未达成" not in row
            break
    else:
        raise AssertionError("expected a target without data")


def test_progress_counts_are_explained(plan, client_for, supervisor, fgw_user, file_report):
    file_report(fgw_user, 1)
    response = client_for(supervisor).get(URL)
    html = response.content.decode()
    assert 'id="progress-legend"' in html
    progress = dict(response.context["progress"])
    item = progress[next(iter(progress))][0]
    counts = {status: n for status, _label, n in item.status_counts}
    assert counts["pending"] == 1 and counts["none"] == len(item.units) - 1
    row = html.split('data-item="1-1"', 1)[1].split("</summary>", 1)[0]
    assert f"未报 {len(item.units) - 1}" in row and "待审 1" in row


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
