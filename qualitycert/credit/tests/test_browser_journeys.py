"""The credit journeys walked in Debian's Chromium, a screenshot per step
under var/journeys/credit/ (phone 390x844, desktop 1366x900):

1. a supervisor opens an enterprise's archive and follows a fact to its source;
2. the enterprise applies for credit repair on a phone;
3. the supervisor decides, and the entry leaves the public list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from qualitycert.testing.otp import verified_login

JOURNEYS = Path(__file__).resolve().parents[3] / "var" / "journeys" / "credit"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def shot(page: Any, name: str) -> None:
    JOURNEYS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(JOURNEYS / f"{name}.png"), full_page=True)


def logged_in(browser_page: Any, live_server: Any, user: Any, **options: Any) -> Any:
    client = Client()
    verified_login(client, user)
    page = browser_page(**options)
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    return page


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_follows_a_fact_to_its_source(live_server, browser_page, supervisor,
                                                 archive, cert_a):
    page = logged_in(browser_page, live_server, supervisor, **DESKTOP)
    page.goto(f"{live_server.url}/credit/")
    shot(page, "01-dashboard")
    page.fill("#archive-uscc", archive["enterprise"].uscc.lower())
    page.click("form.filters button")
    page.wait_for_selector("#identity")
    assert archive["enterprise"].name in page.inner_text("#identity")
    assert page.locator("details.grade summary").first.is_visible()
    shot(page, "02-archive")
    page.locator("li", has_text=cert_a.number).locator("a.source").first.click()
    page.wait_for_load_state()
    assert f"/admin/registry/certificate/{cert_a.pk}/change/" in page.url
    assert cert_a.number in page.content()
    shot(page, "03-source-certificate")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enterprise_applies_for_repair_and_supervisor_decides(
        live_server, browser_page, supervisor, enterprise_user, archive):
    uscc = archive["enterprise"].uscc
    phone = logged_in(browser_page, live_server, enterprise_user, phone=True)
    phone.goto(f"{live_server.url}/credit/my/")
    phone.wait_for_selector("#dishonesty")
    assert fits(phone)
    shot(phone, "04-enterprise-archive-phone")
    phone.click(f"#apply-repair-{archive['entry'].pk}")
    phone.fill("textarea[name=corrective_actions]", "已停止使用认证标志，召回已售产品并完成内部整改")
    phone.fill("textarea[name=evidence]", "整改报告 ZG-2026-03；召回记录 R-118")
    assert fits(phone)
    shot(phone, "05-repair-form-phone")
    phone.click("#repair-form button[type=submit]")
    phone.wait_for_selector("#dishonesty")
    assert "已提交" in phone.inner_text(f"#entry-{archive['entry'].pk}")
    shot(phone, "06-repair-submitted-phone")

    page = logged_in(browser_page, live_server, supervisor, **DESKTOP)
    page.goto(f"{live_server.url}/credit/repairs/")
    page.click(f"#repairs a:has-text('{archive['enterprise'].name}')")
    page.check("input[name=approve][value=yes]")
    page.fill("textarea[name=reason]", "整改措施到位，证明材料真实有效")
    shot(page, "07-decide")
    page.click("#decide-form button[type=submit]")
    page.wait_for_selector("#repairs")
    page.goto(f"{live_server.url}/credit/dishonesty/public/")
    assert uscc not in page.inner_text("#public-entries")
    shot(page, "08-public-list-after-repair")
