"""Issue 11: "我的检查任务" at district scale — paged (50 a page) with the
count, search, status and due-date filters, soonest due first, and on each
assignment the address, the contact and the certificates in scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from qualitycert.demo.inspector_load import bulk_assignments, enterprise_name
from qualitycert.inspections import queries
from qualitycert.inspections.models import InspectionResult, ResultStatus, Selection
from qualitycert.registry.models import Scheme

pytestmark = pytest.mark.django_db

URL = reverse("inspections:my_assignments")
COUNT = 120


@pytest.fixture
def loaded(team, body_a):
    me, partner, _outsider = team
    bulk_assignments(me, partner, COUNT, plans=3, starts_on=dt.date(2026, 12, 1),
                     body=body_a, scheme=Scheme.objects.get(code="ISO9001"))
    return me


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card assignment[^"]*">(.*?)</li>', html, re.S)


def _due_dates(html: str) -> list[str]:
    return re.findall(r"<dt>截止日期</dt><dd>(\d{4}-\d{2}-\d{2})", html)


def test_fifty_a_page_with_the_count_soonest_due_first(client_for, inspector, loaded) -> None:
    page = client_for(inspector).get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert len(_cards(html)) == queries.ASSIGNMENTS_PER_PAGE
    assert f"共 {COUNT} 项任务" in html and "第 1 / 3 页" in html
    last = client_for(inspector).get(URL, {"page": 3}).content.decode()
    assert len(_cards(last)) == COUNT - 2 * queries.ASSIGNMENTS_PER_PAGE
    dates = _due_dates(html) + _due_dates(last)
    assert dates == sorted(dates) and dates[0] < dates[-1]


def test_each_assignment_shows_address_contact_and_certificates(client_for, inspector,
                                                                loaded) -> None:
    html = client_for(inspector).get(URL, {"q": enterprise_name(3)}).content.decode()
    [card] = _cards(html)
    assert "天津市滨海新区" in card and "联系人00003" in card and 'href="tel:022-' in card
    assert "DEMO-INSP-00001" in card and "ISO9001" in card


@pytest.mark.parametrize("how", ["name_part", "uscc", "uscc_lower", "certificate", "number"])
def test_search_finds_the_one(client_for, inspector, loaded, how) -> None:
    selection = Selection.objects.select_related("target").get(
        candidate__name=enterprise_name(42))
    q = {"name_part": "演示00042", "uscc": selection.target.identifier,
         "uscc_lower": selection.target.identifier.lower(), "certificate": "demo-insp-00014",
         "number": str(selection.pk)}[how]
    html = client_for(inspector).get(URL, {"q": q}).content.decode()
    cards = _cards(html)
    assert len(cards) == 1 and enterprise_name(42) in cards[0]
    assert f"找到 1 项任务（共 {COUNT} 项）" in html


def test_status_and_due_date_filters(client_for, inspector, loaded) -> None:
    selection = Selection.objects.order_by("pk")[0]
    InspectionResult.objects.create(selection=selection, category="no_problem",
                                    recorded_by=inspector, status=ResultStatus.DRAFT)
    client = client_for(inspector)
    assert len(_cards(client.get(URL, {"status": "draft"}).content.decode())) == 1
    assert "找到 119 项任务" in client.get(URL, {"status": "todo"}).content.decode()
    assert "找到 120 项任务" in client.get(URL, {"status": "open"}).content.decode()
    first_plan_end = dt.date(2026, 12, 31).isoformat()
    due = client.get(URL, {"due_by": first_plan_end}).content.decode()
    assert "找到 40 项任务" in due
    assert set(_due_dates(due)) == {first_plan_end}
    # The filter's date box keeps its ISO value, so the page can be filtered again.
    assert f'type="date" name="due_by" value="{first_plan_end}"' in due


def test_bad_filters_are_a_page_not_an_error(client_for, inspector, loaded) -> None:
    response = client_for(inspector).get(URL, {"due_by": "2026-13-45", "status": "nope",
                                               "page": "x"})
    assert response.status_code == 200
    assert len(_cards(response.content.decode())) == queries.ASSIGNMENTS_PER_PAGE


def test_bounded_queries(client_for, inspector, loaded, django_assert_max_num_queries) -> None:
    client = client_for(inspector)
    client.get(URL)
    with django_assert_max_num_queries(12):
        client.get(URL, {"page": 2})


def test_others_see_none_of_it(client_for, outsider, loaded, client) -> None:
    html = client_for(outsider).get(URL).content.decode()
    assert enterprise_name(1) not in html and "共 0 项任务" in html
    assert client.get(URL).status_code == 302  # anonymous: to the login page


def test_wrong_method(client_for, inspector, loaded) -> None:
    assert client_for(inspector).post(URL).status_code == 405


def test_the_list_in_english(client_for, inspector, loaded) -> None:
    html = client_for(inspector).get(URL, {"q": enterprise_name(3)},
                                     HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Found 1 assignment (of 120)" in html and "Certificates in scope" in html
    assert "我的检查任务" not in html and "截止日期" not in html


def test_the_assignment_page_shows_the_visit_facts(client_for, inspector, loaded) -> None:
    selection = Selection.objects.get(candidate__name=enterprise_name(3))
    html = client_for(inspector).get(
        reverse("inspections:my_assignment", args=[selection.pk])).content.decode()
    assert "天津市滨海新区" in html and "联系人00003" in html and "DEMO-INSP-00001" in html
