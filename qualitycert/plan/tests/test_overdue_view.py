"""GET /plan/overdue/: the bureau's list of reports not submitted."""

from __future__ import annotations

from django.utils import timezone

from qualitycert.plan.queries import ended_periods, obligations

from .conftest import is_login_redirect

URL = "/plan/overdue/"


def test_lists_every_missing_report_and_drops_filed_ones(plan, client_for, supervisor,
                                                         sfj_user, file_report, last_period):
    client = client_for(supervisor)
    periods = ended_periods(plan, timezone.localdate())
    expected = len(obligations(plan, periods))
    before = client.get(URL).context["outstanding"]
    assert len(before) == expected
    file_report(sfj_user, 8)
    after = client.get(URL).context["outstanding"]
    assert len(after) == expected - 1
    assert not any(o.obligation.department.code == "sfj" and o.obligation.period == last_period
                   for o in after)
    # A draft is still outstanding: only a submission counts.
    file_report(sfj_user, 8, period=periods[0].code, submit=False)
    assert len(client.get(URL).context["outstanding"]) == expected - 1


def test_wrong_method_role_and_anonymous(plan, client_for, supervisor, dept_user):
    assert client_for(supervisor).post(URL).status_code == 405
    assert client_for(dept_user).get(URL).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))
