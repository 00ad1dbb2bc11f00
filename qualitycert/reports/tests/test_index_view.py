"""/reports/: the bureau's year picker with three download buttons."""

import re

import pytest
from django.utils import timezone

URL = "/reports/"


def test_supervisor_sees_the_picker(client_for, supervisor):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    last_year = timezone.localdate().year - 1
    assert f'<option value="{last_year}" selected>' in html
    for fmt in ("pdf", "xlsx", "html"):
        assert f'name="format" value="{fmt}"' in html


@pytest.mark.parametrize("language, labels", [
    ("zh-hans", ["下载 PDF", "下载 Excel", "下载网页"]),
    ("en", ["Download PDF", "Download Excel", "Download web page"]),
])
def test_each_button_names_its_format(client_for, supervisor, language, labels):
    # The three buttons once all read "下载": a clerk could not tell which file came.
    html = client_for(supervisor).get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    buttons = re.findall(r'<button type="submit" name="format" value="\w+">([^<]+)</button>', html)
    assert buttons == labels


def test_admin_allowed(client_for, admin_user):
    assert client_for(admin_user).get(URL).status_code == 200


def test_anonymous_goes_to_login(client_for, db):
    response = client_for(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["inspector", "cb_alice", "dept_user", "enterprise_user"])
def test_other_roles_forbidden(client_for, request, persona, db):
    # The report covers every body and enterprise: another organisation's staff
    # get no part of it.
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_wrong_method(client_for, supervisor):
    assert client_for(supervisor).post(URL).status_code == 405
