"""GET /plan/reviews/: the submitted reports the viewer may review: a lead
unit the other units' reports on its items, the bureau the leads' own."""

from __future__ import annotations

from .conftest import is_login_redirect

URL = "/plan/reviews/"


def test_queue_holds_only_items_the_unit_leads(plan, client_for, kjj_user, scjgj_user,
                                               fgw_user, file_report):
    on_1 = file_report(fgw_user, 1)
    on_3_2 = file_report(fgw_user, 3, 2)
    file_report(fgw_user, 2, submit=False)  # drafts are not for review
    assert list(client_for(kjj_user).get(URL).context["queue"]) == [on_3_2]
    assert list(client_for(scjgj_user).get(URL).context["queue"]) == [on_1]


def test_a_lead_never_sees_its_own_report_the_bureau_does(plan, client_for, scjgj_user,
                                                          supervisor, file_report):
    own = file_report(scjgj_user, 1)
    assert list(client_for(scjgj_user).get(URL).context["queue"]) == []
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    assert list(response.context["queue"]) == [own]
    assert "由局审核" in response.content.decode()


def test_wrong_method_role_and_anonymous(plan, client_for, kjj_user, inspector):
    assert client_for(kjj_user).post(URL).status_code == 405
    assert client_for(inspector).get(URL).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))
