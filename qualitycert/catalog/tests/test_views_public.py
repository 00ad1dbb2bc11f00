"""Public pages: the catalogue on a date, a category's history, declaration
lookup by number or USCC, and a declaration page that reads as its status."""

from __future__ import annotations

import pytest
from django.test import Client

from qualitycert.catalog import actions
from qualitycert.testing.actors import as_actor

from .conftest import MOVE


def test_catalogue_today_and_on_a_past_date(client, catalogue):
    today = client.get("/catalog/catalogue/").content.decode()
    assert 'data-category="0501"' in today and "自我声明（自选实验室检测）" in today
    assert 'data-category="1601"' not in today  # removed from the catalogue
    past = client.get("/catalog/catalogue/?on=2010-01-01").content.decode()
    assert 'data-category="1601"' in past and 'data-category="2301"' not in past
    assert client.get("/catalog/catalogue/?on=not-a-date").status_code == 200
    assert client.post("/catalog/catalogue/").status_code == 405


def test_category_page_shows_the_history(client, catalogue):
    page = client.get("/catalog/catalogue/0501/").content.decode()
    assert "2019-10-17" in page and "2019年第44号" in page and "第三方认证" in page
    assert client.get("/catalog/catalogue/9999/").status_code == 404


def test_lookup_by_number_redirects_to_the_declaration(client, catalogue, declare):
    d = declare(catalogue["categories"]["0501"])
    response = client.get("/catalog/declarations/", {"q": d.number.lower()})
    assert response.status_code == 302 and response["Location"] == f"/catalog/declarations/{d.number}/"
    page = client.get(response["Location"]).content.decode()
    assert d.number in page and d.enterprise.name in page and "有效" in page


def test_lookup_by_uscc_lists_the_enterprise_declarations(client, catalogue, declare, holder):
    d = declare(catalogue["categories"]["0501"])
    page = client.get("/catalog/declarations/", {"q": holder.uscc}).content.decode()
    assert d.number in page
    missing = client.get("/catalog/declarations/", {"q": "SD-1999-0000-00001"})
    assert missing.status_code == 404 and "没有找到" in missing.content.decode()
    assert client.get("/catalog/declarations/SD-1999-0000-00001/").status_code == 404


def test_a_revoked_declaration_reads_as_revoked(client, catalogue, declare, supervisor):
    d = declare(catalogue["categories"]["0501"])
    actions.revoke_declaration(d, reason="报告伪造", grounds="false_declaration",
                               decision_number="津滨市监撤〔2025〕3号", actor=as_actor(supervisor))
    page = client.get(f"/catalog/declarations/{d.number}/").content.decode()
    assert "监管部门撤销" in page and "津滨市监撤〔2025〕3号" in page and "虚假声明" in page
    assert "不能作为产品进入市场的依据" in page


def test_user_text_is_escaped(client, catalogue, declare):
    d = declare(catalogue["categories"]["0501"], product="<script>alert(1)</script>")
    page = client.get(f"/catalog/declarations/{d.number}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    lookup = client.get("/catalog/declarations/", {"q": "<b>x</b>"}).content.decode()
    assert "<b>x</b>" not in lookup


@pytest.mark.parametrize("url", ["/catalog/catalogue/", "/catalog/declarations/"])
def test_public_pages_need_no_login(url, catalogue):
    assert Client().get(url).status_code == 200


def test_before_the_move_the_catalogue_says_certification(client, catalogue):
    page = client.get(f"/catalog/catalogue/?on={MOVE.replace(day=16).isoformat()}").content.decode()
    row = page.split('data-category="0501"')[1].split("</tr>")[0]
    assert "第三方认证" in row
