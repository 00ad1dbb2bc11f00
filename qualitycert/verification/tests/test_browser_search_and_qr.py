"""The portal in Debian's Chromium, desktop and phone: search to the
certificate page, and the QR links of a valid, a withdrawn and a tampered token."""

import pytest

from qualitycert.testing.browser import screenshot
from qualitycert.testing.browser_data import no_sideways_scroll, registry

VIEWPORTS = [pytest.param(False, id="desktop"), pytest.param(True, id="phone")]


@pytest.mark.browser
# The flush after a transactional test would take the scheme catalogue (a data
# migration) with it; serialized rollback puts it back.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phone", VIEWPORTS)
def test_search_by_name_to_certificate_page(live_server, browser_page, phone):
    data = registry()
    page = browser_page(phone=phone)
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_q", "滨海测试制造")
    page.click("button[type=submit]")
    page.click(f"text={data['holder'].name}")
    page.wait_for_url(f"**/e/{data['holder'].uscc}/")
    page.click(f"a:has-text('{data['valid'].number}')")
    page.wait_for_url("**/c/CNCA-R-2002-001/00125Q10001R0M/")
    assert page.locator(".status-banner.valid").is_visible()
    assert data["holder"].name in page.inner_text(".facts")
    assert no_sideways_scroll(page)
    screenshot(page, f"verification-search-certificate-{'phone' if phone else 'desktop'}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phone", VIEWPORTS)
def test_qr_links_valid_withdrawn_and_tampered(live_server, browser_page, phone):
    from qualitycert.verification import qr, queries

    data = registry()
    tokens = {name: qr.token_for(queries.PublicCertificate.from_model(data[name]),
                                 on=queries.today()) for name in ("valid", "withdrawn")}
    # Withdrawn after its QR code was printed: the signature stays good, the
    # live status must say withdrawn.
    data["withdraw"]()
    suffix = "phone" if phone else "desktop"
    page = browser_page(phone=phone)

    page.goto(f"{live_server.url}/v/{tokens['valid']}")
    assert "二维码签名有效" in page.inner_text(".signature.good")
    assert page.locator(".status-banner.valid").is_visible()
    screenshot(page, f"verification-qr-valid-{suffix}")

    page.goto(f"{live_server.url}/v/{tokens['withdrawn']}")
    assert "二维码签名有效" in page.inner_text(".signature.good")
    banner = page.locator(".status-banner.withdrawn")
    assert banner.is_visible() and "撤销" in banner.inner_text()
    assert "严重不符合认证要求" in page.inner_text("main")
    screenshot(page, f"verification-qr-withdrawn-{suffix}")

    token = tokens["valid"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = page.goto(f"{live_server.url}/v/{tampered}")
    assert response is not None and response.status == 400
    assert "警告" in page.inner_text(".signature.bad")
    assert page.locator(".status-banner").count() == 0
    assert no_sideways_scroll(page)
    screenshot(page, f"verification-qr-tampered-{suffix}")
