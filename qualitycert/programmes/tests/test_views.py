"""The programmes' pages: public overview and task pages; training sessions
recorded by a unit for itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qualitycert.plan.models import Department
from qualitycert.programmes.models import TrainingSession

pytestmark = pytest.mark.django_db


def indicator_value(html: str, code: str) -> str:
    start = html.index(f'data-indicator="{code}"')
    cell = html.index('class="value"', start)
    return html[html.index(">", cell) + 1:html.index("</td>", cell)].strip()


def test_public_overview_shows_the_programme_counts(client, planted):
    page = client.get("/programmes/")
    assert page.status_code == 200
    html = page.content.decode()
    for code in ["designations", "geographical_indications", "adoption", "training",
                 "integrity", "energy_government", "coverage"]:
        assert f'data-programme="{code}"' in html
    assert indicator_value(html, "gi_products") == "2 件"
    assert indicator_value(html, "training_sessions") == "2 场"
    assert "仅内部可见" not in html


def test_public_task_page_without_report_statuses(client, planted):
    html = client.get("/programmes/tasks/9/").content.decode()
    assert "大力推行高端品质认证" in html and 'data-indicator="agri_gi"' in html
    assert 'id="progress"' not in html


def test_plan_users_see_the_units_progress(client_for, dept_user, plan):
    html = client_for(dept_user).get("/programmes/tasks/3/").content.decode()
    assert 'id="progress"' in html and 'data-item="3-2"' in html


def test_no_data_is_said_so(client, plan):
    html = client.get("/programmes/tasks/12/").content.decode()
    assert "无数据" in indicator_value(html, "energy_ms_share")


def test_unknown_task_and_wrong_method(client, plan):
    assert client.get("/programmes/tasks/24/").status_code == 404
    assert client.post("/programmes/tasks/5/").status_code == 405
    assert client.post("/programmes/").status_code == 405


def form(**overrides):
    data = {"title": "小微企业质量管理培训", "held_on": timezone.localdate().isoformat(),
            "organiser": Department.objects.get(code="scjgj").pk, "audience": "enterprises",
            "participants": "60", "enterprises": "35", "internal_auditors": "5",
            "inspectors": "0", "hours": "4"}
    data.update(overrides)
    return data


def test_a_unit_records_a_session_and_its_indicator_moves(client_for, dept_user, plan):
    client = client_for(dept_user)
    before = indicator_value(client.get("/programmes/tasks/5/").content.decode(),
                             "training_participants")
    page = client.get("/programmes/training/new/")
    assert page.status_code == 200 and 'type="date"' in page.content.decode()
    response = client.post("/programmes/training/new/", form())
    assert response.status_code == 302 and response.url == "/programmes/tasks/5/"
    after = indicator_value(client.get("/programmes/tasks/5/").content.decode(),
                            "training_participants")
    assert (before, after) == ("0 人次", "60 人次")


@pytest.mark.parametrize("overrides", [
    {"participants": "六十"}, {"participants": "0"}, {"internal_auditors": "61"},
    {"held_on": "2999-01-01"}, {"held_on": "2026/01/01x"}, {"audience": "x"}, {"title": ""},
])
def test_bad_input_is_a_400_and_records_nothing(client_for, dept_user, plan, overrides):
    response = client_for(dept_user).post("/programmes/training/new/", form(**overrides))
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_a_unit_cannot_record_for_another(client_for, dept_user, plan):
    other = Department.objects.get(code="fgw").pk
    assert client_for(dept_user).post("/programmes/training/new/",
                                      form(organiser=other)).status_code == 400
    assert not TrainingSession.objects.exists()


def test_the_bureau_records_for_any_unit(client_for, supervisor, plan):
    other = Department.objects.get(code="fgw").pk
    assert client_for(supervisor).post("/programmes/training/new/",
                                       form(organiser=other)).status_code == 302
    assert TrainingSession.objects.get().organiser_id == other


def test_wrong_roles(client_for, cb_alice, enterprise_user, plan):
    for user in (cb_alice, enterprise_user):
        assert client_for(user).get("/programmes/training/new/").status_code == 403
        assert client_for(user).post("/programmes/training/new/", form()).status_code == 403
    assert client_for(None).get("/programmes/training/").status_code == 302


def test_wrong_method(client_for, dept_user, plan):
    assert client_for(dept_user).put("/programmes/training/new/").status_code == 405
    assert client_for(dept_user).post("/programmes/training/").status_code == 405


def test_another_units_session_is_a_404(client_for, dept_user, supervisor, plan):
    other = TrainingSession.objects.create(
        title="他单位培训", held_on=dt.date(2026, 1, 5), audience="inspectors", participants=9,
        organiser=Department.objects.get(code="fgw"), internal_note="内部备注内容")
    own = TrainingSession.objects.create(
        title="本单位培训", held_on=dt.date(2026, 1, 6), audience="enterprises", participants=9,
        organiser=dept_user.department, internal_note="内部备注内容")
    client = client_for(dept_user)
    assert client.get(f"/programmes/training/{other.pk}/").status_code == 404
    page = client.get(f"/programmes/training/{own.pk}/")
    assert page.status_code == 200 and "内部备注内容" not in page.content.decode()
    listing = client.get("/programmes/training/").content.decode()
    assert "本单位培训" in listing and "他单位培训" not in listing
    bureau = client_for(supervisor).get(f"/programmes/training/{other.pk}/").content.decode()
    assert "内部备注内容" in bureau
