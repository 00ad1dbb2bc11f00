"""Staff pages outside the admin sit in the back-office frame: the site's
name, the way back home, who is signed in and a logout by POST (issue 11,
item 6: the import page had no navigation, user name or logout)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

# (persona, page) — one staff page of each app that has them.
STAFF_PAGES = [
    ("supervisor", "/registry/import/"),
    ("cb_alice", "/registry/import/"),
    ("supervisor", "/inspections/"),
    ("supervisor", "/plan/overdue/"),
    ("supervisor", "/plan/"),
    ("supervisor", "/reports/"),
    ("supervisor", "/watch/"),
    ("supervisor", "/catalog/"),
    ("supervisor", "/credit/"),
    ("supervisor", "/programmes/training/"),
    ("dept_user", "/plan/reports/"),
    ("inspector", "/inspections/my/"),
]


def _header(html: str) -> str:
    found = re.search(r'<header class="site-header staff-header">(.*?)</header>', html, re.S)
    assert found, "no back-office frame"
    return found.group(1)


@pytest.mark.parametrize("persona, url", STAFF_PAGES)
def test_staff_page_in_the_back_office_frame(request, client_for, persona, url):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url)
    assert response.status_code == 200
    header = _header(response.content.decode())
    assert (user.get_full_name() or user.username) in header
    assert re.search(r'<form class="staff-logout" method="post" action="/accounts/logout/">',
                     header)
    assert "csrfmiddlewaretoken" in header and "退出登录" in header


@pytest.mark.parametrize("persona, home", [("supervisor", "/admin/"), ("cb_alice", "/admin/"),
                                           ("dept_user", "/"), ("inspector", "/")])
def test_home_is_the_back_office_for_its_roles_and_the_front_page_for_others(
        request, client_for, persona, home):
    url = {"dept_user": "/plan/reports/", "inspector": "/inspections/my/"}.get(
        persona, "/registry/import/" if persona == "cb_alice" else "/reports/")
    header = _header(client_for(request.getfixturevalue(persona)).get(url).content.decode())
    assert f'<a class="staff-home" href="{home}">' in header


def test_the_frame_is_english_in_english(client_for, supervisor):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    header = _header(client.get("/registry/import/").content.decode())
    assert "Sign out" in header and "Back office" in header and "退出登录" not in header


def test_anonymous_visitors_of_a_public_page_keep_the_public_frame(client):
    page = client.get("/catalog/catalogue/").content.decode()
    assert "staff-header" not in page and "/accounts/logout/" not in page
    assert '<header class="site-header">' in page


def test_signed_in_staff_on_a_public_page_of_a_staff_app_keep_their_frame(client_for,
                                                                         supervisor):
    header = _header(client_for(supervisor).get("/catalog/catalogue/").content.decode())
    assert "王监管" in header


def test_a_name_is_shown_as_text(client_for, supervisor):
    supervisor.first_name = "<b>王</b>"
    supervisor.save(update_fields=["first_name"])
    page = client_for(supervisor).get("/reports/").content.decode()
    assert "<b>王</b>" not in page and "&lt;b&gt;王&lt;/b&gt;" in page


def test_the_wrong_role_still_gets_403_in_the_public_frame(client_for, cb_alice):
    response = client_for(cb_alice).get("/reports/")
    assert response.status_code == 403


def test_logout_is_a_post(client_for, supervisor):
    client = client_for(supervisor)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/registry/import/").status_code == 302
