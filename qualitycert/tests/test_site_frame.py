"""The frame every public page shares: footer, favicon, API docs offline."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_footer_names_the_authority_and_hotline(client):
    page = client.get("/verify/").content.decode()
    assert "天津市滨海新区市场监督管理局" in page and "12315" in page


@override_settings(QC_SITE_PHONE="022-12345678", QC_ICP_RECORD="津ICP备00000000号",
                   QC_PSB_RECORD="津公网安备 12011602000000号")
def test_footer_shows_the_filing_numbers_from_settings(client):
    page = client.get("/").content.decode()
    assert "022-12345678" in page
    assert "津ICP备00000000号" in page and "津公网安备 12011602000000号" in page


def test_no_filing_line_when_none_is_configured(client):
    assert "beian.miit.gov.cn" not in client.get("/").content.decode()


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert client.post("/favicon.ico").status_code == 405


def test_api_docs_load_nothing_from_outside(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


@pytest.mark.parametrize("language, own_names", [("zh-hans", ["简体中文", "English"]),
                                                 ("en", ["简体中文", "English"])])
def test_language_switcher_names_each_language_in_itself(client, language, own_names):
    client.cookies["django_language"] = language
    page = client.get("/verify/").content.decode()
    for name in own_names:
        assert f">{name}</option>" in page
    assert "英语" not in page


def test_english_footer_uses_english_punctuation(client):
    page = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    footer = page.split("<footer", 1)[1]
    assert "Complaints hotline: 12315" in footer
    assert "：" not in footer.split("津滨政发")[0]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_links_that_go_to_different_places_have_different_words(client, language):
    # In English, the plan document and the programmes page were both
    # "The plan and its tasks".
    import re

    page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', page)
    assert len(links) > 5
    words: dict[str, str] = {}
    for href, label in links:
        assert words.setdefault(label, href) == href, f"{label!r} names {words[label]} and {href}"
