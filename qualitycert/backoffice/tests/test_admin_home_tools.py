"""The back-office home links the staff tools the signed-in role may open,
the same list (and the same role filter) as the front page (issue 11, item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory

from qualitycert.backoffice.tools import STAFF_TOOLS, staff_tools

pytestmark = pytest.mark.django_db


def _tools_on(html: str) -> list[str]:
    block = re.search(r'<div class="module qc-tools" id="staff-tools">(.*?)</div>', html, re.S)
    return re.findall(r'<a href="([^"]+)">', block.group(1)) if block else []


def _front_page_tools(html: str) -> list[str]:
    staff = html.split("<h2>工作人员</h2>", 1)[1]
    return re.findall(r'<li><a href="([^"]+)">', staff)


def test_supervisor_sees_the_bureau_tools(client_for, supervisor):
    page = client_for(supervisor).get("/admin/").content.decode()
    urls = _tools_on(page)
    for url in ("/registry/import/", "/inspections/", "/plan/", "/reports/",
                "/admin/verification/forgeryreport/", "/watch/", "/catalog/", "/credit/"):
        assert url in urls
    assert "/admin/" not in urls  # the page itself
    assert "/inspections/my/" not in urls  # an inspector's work, not the bureau's
    assert "/credit/my/" not in urls and "/catalog/lab/samples/" not in urls
    assert "数据导入" in page and "伪造证书举报处理" in page


def test_a_body_clerk_sees_only_what_a_body_may_open(client_for, cb_alice):
    urls = _tools_on(client_for(cb_alice).get("/admin/").content.decode())
    assert "/registry/import/" in urls and "/watch/" in urls
    for bureau_only in ("/inspections/", "/reports/", "/catalog/", "/credit/",
                        "/admin/verification/forgeryreport/"):
        assert bureau_only not in urls


def test_every_tool_shown_opens_for_that_role(client_for, supervisor, cb_alice):
    for user in (supervisor, cb_alice):
        client = client_for(user)
        for url in _tools_on(client.get("/admin/").content.decode()):
            assert client.get(url).status_code == 200, (user.username, url)


@pytest.mark.parametrize("persona", ["supervisor", "cb_alice", "admin_user", "audit_admin"])
def test_front_page_and_back_office_home_agree(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    front = _front_page_tools(client.get("/").content.decode())
    home = _tools_on(client.get("/admin/").content.decode())
    assert [url for url in front if url != "/admin/"] == home


def test_inspector_gets_the_task_list_on_the_front_page_and_no_back_office(client_for,
                                                                          inspector):
    client = client_for(inspector)
    assert "/inspections/my/" in _front_page_tools(client.get("/").content.decode())
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_anonymous_gets_no_tools(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert staff_tools(request) == []


def test_every_tool_has_a_label_in_english(client_for, supervisor):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get("/admin/").content.decode()
    assert "Registry import" in page and "Forgery reports" in page
    assert "数据导入" not in page


def test_the_home_answers_only_get(client_for, supervisor):
    client = client_for(supervisor)
    assert client.post("/admin/").status_code == 405
    assert client.head("/admin/").status_code == 200


def test_recent_actions_come_from_the_audit_log_in_words_and_local_time(client_for, supervisor,
                                                                         cert_a):
    from qualitycert.audit.models import AuditEntry
    from qualitycert.backoffice.display import local_datetime

    entry = AuditEntry.objects.get(action="certificate.issue")
    page = client_for(supervisor).get("/admin/").content.decode()
    recent = page.split('id="recent-actions-module"', 1)[1]
    assert "颁发证书" in recent and "certificate.issue" not in recent
    assert local_datetime(entry.at) in recent
    assert f"/admin/registry/certificate/{cert_a.pk}/history/" in recent


def test_the_list_names_each_url_once():
    urls = [tool.url for tool in STAFF_TOOLS]
    assert len(urls) == len(set(urls))


def test_log_out_is_not_called_like_cancelling_a_certificate(client_for, supervisor, cert_a):
    # Django's Chinese says 注销 for "Log out"; on a certificate's page that is
    # also the red button that cancels the certificate.
    page = client_for(supervisor).get(
        f"/admin/registry/certificate/{cert_a.pk}/change/").content.decode()
    tools = re.search(r'<div id="user-tools">(.*?)</div>', page, re.S)
    assert tools is not None
    assert "退出登录" in tools.group(1) and "注销" not in tools.group(1)
