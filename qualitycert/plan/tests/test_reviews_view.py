"""GET /plan/reviews/: submitted reports awaiting the user's unit as lead."""

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


def test_wrong_method_role_and_anonymous(plan, client_for, kjj_user, supervisor):
    assert client_for(kjj_user).post(URL).status_code == 405
    assert client_for(supervisor).get(URL).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))
