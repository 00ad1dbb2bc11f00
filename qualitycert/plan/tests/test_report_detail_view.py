"""GET /plan/reports/<pk>/: the unit, the lead unit and the bureau see it; nobody else."""

from __future__ import annotations

from qualitycert.testing.actors import as_actor

from .conftest import is_login_redirect


def test_owner_lead_and_bureau_see_the_report(plan, client_for, fgw_user, scjgj_user,
                                              supervisor, file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/"
    owner = client_for(fgw_user).get(url)
    assert owner.status_code == 200 and owner.context["can_review"] is False
    lead = client_for(scjgj_user).get(url)
    assert lead.status_code == 200 and lead.context["can_review"] is True
    assert "review-submit" in lead.content.decode()
    assert client_for(supervisor).get(url).status_code == 200


def test_another_unit_gets_404(plan, client_for, fgw_user, kjj_user, file_report):
    report = file_report(fgw_user, 1)
    assert client_for(kjj_user).get(f"/plan/reports/{report.pk}/").status_code == 404
    assert client_for(kjj_user).get("/plan/reports/999999/").status_code == 404


def test_narrative_is_escaped(plan, client_for, fgw_user):
    from qualitycert.plan import actions

    from .conftest import work_item

    report = actions.save_report(work_item=work_item(plan, 1), period=plan_period(plan),
                                 status="done", narrative="<script>alert(1)</script>",
                                 figures=[], actor=as_actor(fgw_user))
    html = client_for(fgw_user).get(f"/plan/reports/{report.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def plan_period(plan) -> str:
    from django.utils import timezone

    from qualitycert.plan.queries import ended_periods

    return ended_periods(plan, timezone.localdate())[-1].code


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, cb_alice, file_report):
    report = file_report(fgw_user, 1)
    url = f"/plan/reports/{report.pk}/"
    assert client_for(fgw_user).post(url).status_code == 405
    assert client_for(cb_alice).get(url).status_code == 403
    assert is_login_redirect(client_for(None).get(url))
