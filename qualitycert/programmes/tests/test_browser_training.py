"""In Debian's Chromium: a unit records a training session on a phone and
sees task 5's indicator move; the public programme page shows the counts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from qualitycert.plan.tests.conftest import ensure_plan
from qualitycert.testing.browser import screenshot
from qualitycert.testing.otp import verified_login


def logged_in(browser_page, live_server, user, **options):  # type: ignore[no-untyped-def]
    client = Client()
    verified_login(client, user)
    page = browser_page(**options)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    return page


def value_of(page, code: str) -> str:
    return page.locator(f"tr[data-indicator='{code}'] td.value").inner_text().strip()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_records_training_and_the_public_sees_the_counts(live_server, browser_page):
    from qualitycert.accounts.models import User
    from qualitycert.plan.models import Department
    from qualitycert.programmes.models import GIProduct

    ensure_plan()
    GIProduct.objects.create(kind="protected_product", name="茶淀葡萄", area="汉沽",
                             authority="国家知识产权局", registration_number="G-1",
                             registered_on="2016-03-01")
    staff = User.objects.create_user(username="scjgj_staff", password="x" * 12,
                                     role="department",
                                     department=Department.objects.get(code="scjgj"))

    unit = logged_in(browser_page, live_server, staff, phone=True)
    unit.goto(f"{live_server.url}/programmes/tasks/5/")
    assert value_of(unit, "training_participants") == "0 人次"
    unit.click("text=登记培训")
    unit.fill("input[name=title]", "小微企业质量管理培训")
    unit.select_option("select[name=audience]", "enterprises")
    unit.fill("input[name=participants]", "60")
    unit.fill("input[name=enterprises]", "35")
    unit.fill("input[name=internal_auditors]", "5")
    screenshot(unit, "programmes-training-form-phone")
    unit.click("button[type=submit]")
    unit.wait_for_url("**/programmes/tasks/5/")
    assert "已登记培训" in unit.inner_text(".messages")
    assert value_of(unit, "training_participants") == "60 人次"
    assert value_of(unit, "training_sessions") == "1 场"
    assert unit.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(unit, "programmes-task5-after-training-phone")

    public = browser_page()
    public.goto(f"{live_server.url}/programmes/")
    assert value_of(public, "gi_products") == "1 件"
    assert value_of(public, "training_participants") == "60 人次"
    assert "无数据" in value_of(public, "energy_ms_share")
    screenshot(public, "programmes-overview-desktop")
