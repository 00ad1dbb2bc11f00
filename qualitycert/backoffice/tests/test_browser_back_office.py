"""In Debian's Chromium, on a phone: a certification body's clerk logs in
through the login form, finds their certificate in the back office and
suspends it with a standard reason ("other" needs words); another body's
certificate is not there."""

from __future__ import annotations

import pytest

from qualitycert.testing.browser import screenshot
from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import enrolled_device, pass_second_factor


def fits(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.browser
# A live server needs committed data, hence a transactional test (the shared
# fixtures re-load the scheme catalogue its closing flush removes).
@pytest.mark.django_db(transaction=True)
def test_cb_clerk_suspends_a_certificate_on_a_phone(live_server, browser_page, cb_alice,
                                                    cert_a, cert_b):
    enrolled_device(cb_alice)
    page = browser_page(phone=True)
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    assert fits(page)
    page.fill("input[name=username]", "cb_alice")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("main")
    page.fill("input[name=username]", "cb_alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, cb_alice)
    assert "滨海新区质量认证监管后台" in page.inner_text("#site-name")

    page.goto(f"{live_server.url}/admin/registry/certificate/")
    listing = page.inner_text("#result_list")
    assert cert_a.number in listing and cert_b.number not in listing
    page.click(f"text={cert_a.number}")
    page.click("a.qc-step:has-text('暂停')")
    # A standard ground from the list (issue 11); "other" asks for the words.
    grounds = page.locator("select[name=reason_code] option").all_inner_texts()
    assert "未按期接受监督审核" in grounds and grounds[-1] == "其他（请说明）"
    page.select_option("select[name=reason_code]", label="其他（请说明）")
    page.click("input[type=submit].default")
    assert "必须填写理由" in page.inner_text("#content-main")
    assert fits(page)
    screenshot(page, "back-office/clerk-other-needs-words-phone")
    page.select_option("select[name=reason_code]", label="未按期接受监督审核")
    page.fill("textarea[name=reason]", "第二次监督审核逾期")
    screenshot(page, "back-office/clerk-standard-reason-phone")
    page.click("input[type=submit].default")
    assert page.inner_text("#content-main .qc-badge") == "暂停"
    assert "已对 1 张证书执行" in page.inner_text("ul.messagelist")
    assert "未按期接受监督审核：第二次监督审核逾期" in page.inner_text("#content-main")
    screenshot(page, "admin-certificate-suspended-phone")

    cert_a.refresh_from_db()
    assert cert_a.status == "suspended" and cert_a.status_signed_by_id == cb_alice.pk
    assert cert_a.status_reason_code == "surveillance_missed"
