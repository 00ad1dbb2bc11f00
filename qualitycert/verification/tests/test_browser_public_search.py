"""The public's search on a phone (390×844), in Debian's Chromium: a
certificate number lands on the certificate, a company name with a typo offers
"您要找的是不是…" and the suggestion leads to the company with its status and
valid-certificate count, and a USCC goes straight to the company page."""

import pytest

from qualitycert.testing.browser import screenshot
from qualitycert.testing.browser_data import no_sideways_scroll, registry


@pytest.mark.browser
# The flush after a transactional test would take the scheme catalogue (a data
# migration) with it; serialized rollback puts it back.
@pytest.mark.django_db(transaction=True)
def test_phone_search_by_number_typo_and_uscc(live_server, browser_page):
    from qualitycert.testing.factories import make_enterprise

    data = registry()
    holder = data["holder"]  # 天津滨海测试制造有限公司, two valid certificates
    make_enterprise("天津滨海绿野种植农业科技有限公司")
    page = browser_page(phone=True)

    # 1. A certificate number, typed in full width: the certificate page.
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_q", "００１２５Ｑ１０００１Ｒ０Ｍ")
    page.click("button[type=submit]")
    page.wait_for_url("**/c/CNCA-R-2002-001/00125Q10001R0M/")
    assert page.locator(".status-banner.valid").is_visible()
    screenshot(page, "public/01-number-certificate-phone")

    # 2. The name with one character wrong (测式 for 测试): a suggestion.
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_q", "天津滨海测式制造")
    page.click("button[type=submit]")
    suggestions = page.locator(".suggestions")
    assert "您要找的是不是" in suggestions.inner_text()
    assert no_sideways_scroll(page)
    screenshot(page, "public/02-typo-suggestion-phone")
    suggestions.locator(f"a:has-text('{holder.name}')").click()
    page.wait_for_url("**/verify/?q=*")
    row = page.locator(".result-list li", has_text=holder.name)
    assert "存续" in row.inner_text()
    assert "有效证书 2 张" in row.inner_text()
    assert no_sideways_scroll(page)
    screenshot(page, "public/03-suggestion-results-phone")
    row.locator("a").first.click()
    page.wait_for_url(f"**/e/{holder.uscc}/")

    # 3. The USCC, lower case: straight to the company page.
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_q", holder.uscc.lower())
    page.click("button[type=submit]")
    page.wait_for_url(f"**/e/{holder.uscc}/")
    assert holder.name in page.inner_text("h1")
    assert no_sideways_scroll(page)
    screenshot(page, "public/04-uscc-company-phone")
