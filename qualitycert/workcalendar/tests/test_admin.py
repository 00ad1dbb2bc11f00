"""The notices in the back office: who may read, who may enter, and what a
bad entry shows."""

from __future__ import annotations

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor
from qualitycert.workcalendar import actions
from qualitycert.workcalendar.models import HolidayArrangement

from .conftest import OFF_2027, WORK_2027, notice_2027

pytestmark = pytest.mark.django_db

ADD = "/admin/workcalendar/holidayarrangement/add/"
LIST = "/admin/workcalendar/holidayarrangement/"
FORM = {"year": "2027", "document_number": "国办发明电〔2026〕9号", "published_on": "2026-11-20",
        "title": "", "note": "", "days_off": OFF_2027.replace(" ", "\n"),
        "working_days": WORK_2027.replace(" ", "、")}


@pytest.mark.parametrize("persona", ["supervisor", "admin_user"])
def test_bureau_staff_enter_a_notice(request, client_for, persona, today) -> None:
    client = client_for(request.getfixturevalue(persona))
    page = client.get(ADD + "?year=2027")
    assert page.status_code == 200
    # The form lists the year's statutory days to check the notice against.
    assert "春节 2027-02-05至2027-02-08" in page.content.decode()
    response = client.post(ADD, FORM, follow=True)
    assert response.status_code == 200
    notice = HolidayArrangement.objects.get(year=2027)
    assert notice.title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert "已保存" in response.content.decode()
    assert AuditEntry.objects.filter(action="workcalendar.arrangement.enter").count() == 1


@pytest.mark.parametrize("persona", ["cb_alice", "enterprise_user", "inspector", None])
def test_others_may_not_enter_or_read(request, client_for, persona, today) -> None:
    client = client_for(request.getfixturevalue(persona) if persona else None)
    for url in (ADD, LIST):
        assert client.get(url).status_code in {302, 403}
    assert client.post(ADD, FORM).status_code in {302, 403}
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_a_notice_is_never_edited_or_deleted(client_for, admin_user, today) -> None:
    notice = actions.enter_arrangement(notice_2027(), actor=as_actor(admin_user)).notice
    client = client_for(admin_user)
    page = client.get(f"{LIST}{notice.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2027-02-05至2027-02-12" in html and "2027-01-31" in html and "现行" in html
    assert client.post(f"{LIST}{notice.pk}/change/", dict(FORM, year="2028")).status_code == 403
    assert client.post(f"{LIST}{notice.pk}/delete/", {"post": "yes"}).status_code == 403
    assert HolidayArrangement.objects.get(pk=notice.pk).year == 2027


def test_list_shows_which_notice_is_in_force(client_for, supervisor, today) -> None:
    actions.enter_arrangement(notice_2027(), actor=as_actor(supervisor))
    actions.enter_arrangement(notice_2027(document_number="国办发明电〔2027〕1号",
                                          working_days=frozenset()), actor=as_actor(supervisor))
    html = client_for(supervisor).get(LIST + "?q=2027").content.decode()
    assert "已被 2027年放假安排（国办发明电〔2027〕1号） 取代" in html


def test_every_problem_is_shown_and_nothing_kept(client_for, supervisor, today) -> None:
    bad = dict(FORM, days_off="2027-01-01\n<script>alert(1)</script>\n2027-02-30",
               working_days="2027-02-03")
    page = client_for(supervisor).post(ADD, bad)
    assert page.status_code == 200
    html = page.content.decode()
    assert "“2027-02-30”不是有效日期" in html
    assert "&lt;script&gt;" in html and "<script>alert(1)" not in html
    assert not HolidayArrangement.objects.filter(year=2027).exists()
    page = client_for(supervisor).post(ADD, dict(FORM, days_off="2027-01-01",
                                                 working_days="2027-02-03"))
    html = page.content.decode()
    assert "法定节假日 2027-02-05 未列入放假日期" in html
    assert "2027-02-03 是工作日（星期三）" in html
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_number_and_date_are_required(client_for, supervisor, today) -> None:
    page = client_for(supervisor).post(ADD, dict(FORM, document_number="", published_on=""))
    assert page.status_code == 200
    assert not HolidayArrangement.objects.filter(year=2027).exists()
