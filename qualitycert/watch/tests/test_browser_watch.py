"""A signed-in buyer watches a certificate from its page and finds it, with
the webhook settings, on the watchlist page (phone viewport)."""

import pytest

from qualitycert.testing.browser import screenshot
from qualitycert.testing.browser_data import PASSWORD, no_sideways_scroll, registry


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_watch_button_and_watchlist_on_a_phone(live_server, browser_page, settings):
    from qualitycert.accounts.models import User
    from qualitycert.watch.models import Watch

    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    registry()
    User.objects.create_user(username="buyer", password=PASSWORD, role="api_client")
    page = browser_page(phone=True)
    certificate_path = "/c/CNCA-R-2002-001/00125Q10001R0M/"
    page.goto(f"{live_server.url}/accounts/login/?next={certificate_path}")
    page.fill("input[name=username]", "buyer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{certificate_path}")

    page.click("button.watch")
    page.wait_for_selector("button.unwatch")
    assert Watch.objects.filter(owner__username="buyer").count() == 1

    page.goto(f"{live_server.url}/watch/")
    assert "00125Q10001R0M" in page.inner_text("table.watch-table")
    page.fill("input[name=url]", "https://buyer.example/hooks")
    page.click(".webhook-form button[type=submit]")
    secret = page.inner_text("#new-secret code")
    assert secret.startswith("whsec_")
    assert no_sideways_scroll(page)
    screenshot(page, "verification-watchlist-phone")
