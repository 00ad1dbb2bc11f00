import pytest

from qualitycert.testing.browser import screenshot


@pytest.mark.browser
def test_home_page_renders_in_chinese_on_a_phone(live_server, browser_page):
    page = browser_page(phone=True)
    page.goto(live_server.url + "/")
    assert "质量认证监管信息系统" in page.text_content("h1")
    screenshot(page, "home-phone")
