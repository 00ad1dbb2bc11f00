"""GET /plan/document/: the plan and its task table, public and read-only."""

from __future__ import annotations

URL = "/plan/document/"


def test_shows_every_work_item_with_its_lead(plan, client_for, dept_user):
    response = client_for(dept_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('id="item-') == 24
    assert 'id="item-3-2"' in html and "<strong>区科技局</strong>" in html
    assert "津滨政发〔2019〕16号" in html


def test_wrong_method_and_public_read_only(plan, client_for, supervisor, inspector,
                                          fgw_user, file_report):
    file_report(fgw_user, 1)
    assert client_for(supervisor).post(URL).status_code == 405
    assert client_for(None).post(URL).status_code == 405
    for user in (None, inspector):
        response = client_for(user).get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('id="item-') == 24 and "<strong>区科技局</strong>" in html
        # The units' reports are internal: no contents, no links to them.
        assert "本季度推进情况" not in html and "/plan/reports/" not in html


def test_each_counted_task_shows_its_counts(plan, client_for, dept_user):
    """Counted by the programmes app (registered at start-up, plan/counts.py)."""
    from qualitycert.programmes.models import GIProduct

    GIProduct.objects.create(kind="protected_product", name="茶淀葡萄", area="汉沽",
                             authority="国家知识产权局", registration_number="G-1",
                             registered_on="2016-03-01")
    html = client_for(dept_user).get(URL).content.decode()
    assert html.count('class="task-counts') == 17  # the tasks with counted indicators
    assert '<li data-indicator="gi_products">地理标志证明商标和地理标志保护产品：1 件</li>' in html
    assert 'href="/programmes/tasks/9/"' in html
