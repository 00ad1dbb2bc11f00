"""The product side walked in Debian's Chromium, a screenshot per step under
var/journeys/catalog/ (phone 390x844, desktop 1366x900):

1. an enterprise files a self-declaration on a phone;
2. the public looks it up (phone), and finds it on the enterprise's profile;
3. a lab enters sample results on a phone;
4. the supervisor sees the equipment pass-rate target move past 95%.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from qualitycert.testing.actors import as_actor
from qualitycert.testing.otp import verified_login

JOURNEYS = Path(__file__).resolve().parents[3] / "var" / "journeys" / "catalog"
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
def test_file_a_declaration_on_a_phone_and_the_public_finds_it(
        live_server, browser_page, catalogue, enterprise_user, lab):
    phone = logged_in(browser_page, live_server, enterprise_user, phone=True)
    phone.goto(f"{live_server.url}/catalog/my/declarations/")
    assert fits(phone)
    shot(phone, "01-enterprise-declarations-phone")
    phone.click("#new-declaration")
    # Only categories open to self-declaration today are offered.
    options = phone.locator("select[name=category] option").all_inner_texts()
    assert "0501 电钻" in options and not any(o.startswith("0301") for o in options)
    phone.select_option("select[name=category]", label="0501 电钻")
    phone.fill("input[name=product]", "手持式电钻")
    phone.fill("textarea[name=models]", "Z1J-10\nZ1J-13")
    phone.fill("input[name=lab]", "２４１２１２３４０１２３")  # full width, as typed on a phone
    phone.fill("input[name=report_number]", "BH-2025-0301")
    phone.fill("input[name=report_date]", "2025-02-20")
    phone.fill("input[name=declared_on]", timezone.localdate().isoformat())
    assert fits(phone)
    shot(phone, "02-enterprise-declaration-form-phone")
    phone.click("#declaration-form button[type=submit]")
    status = phone.inner_text("#declaration-status")
    number = phone.inner_text("#declaration-facts dd.mono")
    assert "有效" in status and number.startswith(f"SD-{timezone.localdate().year}-0501-")
    assert fits(phone)
    shot(phone, "03-enterprise-declaration-filed-phone")

    public = browser_page(phone=True)
    public.goto(f"{live_server.url}/catalog/declarations/")
    public.fill("input[name=q]", number.lower())
    public.click("form button[type=submit]")
    assert public.url.endswith(f"/catalog/declarations/{number}/")
    assert "该自我声明有效" in public.inner_text("main")
    assert fits(public)
    shot(public, "04-public-declaration-phone")
    public.click(f"text={enterprise_user.enterprise.name}")
    assert number in public.inner_text("#section-declarations")
    assert fits(public)
    shot(public, "05-public-enterprise-profile-phone")

    desk = browser_page(**DESKTOP)
    desk.goto(f"{live_server.url}/catalog/declarations/{number}/")
    shot(desk, "06-public-declaration-desktop")


@pytest.fixture
def samples_at_the_lab(lab, supervisor, holder):
    """This year's equipment samples: 17 of 18 passed; two more wait at the lab."""
    from qualitycert.catalog import actions
    from qualitycert.catalog.models import SamplingRecord
    from qualitycert.testing.factories import make_enterprise

    today = timezone.localdate()
    maker = make_enterprise("天津齿轮传动有限公司", industry_code="C3453",
                            is_equipment_manufacturer=True)
    for n in range(18):
        SamplingRecord.objects.create(enterprise=maker, product="齿轮减速机",
                                      sampled_on=today.replace(month=1, day=1),
                                      status="tested", result="fail" if n == 0 else "pass",
                                      failed_items=["噪声"] if n == 0 else [])
    plan = actions.create_sampling_plan(name=f"{today.year}年减速机监督抽查", year=today.year,
                                        product_class="减速机", planned_count=20, labs=[lab],
                                        actor=as_actor(supervisor))
    return [actions.draw_sample(plan, enterprise=maker, product="齿轮减速机", model=f"ZQ-{n}",
                                sampled_on=today, lab=lab, actor=as_actor(supervisor)) for n in (250, 350)]


def _target_value(page: Any) -> str:
    return page.inner_text("tr[data-target=equipment_pass_rate] td.value").split("\n")[0]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_lab_enters_results_and_the_supervisor_sees_the_target_move(
        live_server, browser_page, lab_user, supervisor, samples_at_the_lab):
    desk = logged_in(browser_page, live_server, supervisor, **DESKTOP)
    desk.goto(f"{live_server.url}/plan/")
    before = _target_value(desk)
    assert before.startswith("94.44")
    assert "未达成" in desk.inner_text("tr[data-target=equipment_pass_rate]")
    shot(desk, "07-supervisor-target-before-desktop")

    phone = logged_in(browser_page, live_server, lab_user, phone=True)
    phone.goto(f"{live_server.url}/catalog/lab/samples/")
    assert "待录入检验结论的样品：2" in phone.inner_text("main")
    assert fits(phone)
    shot(phone, "08-lab-samples-phone")
    for n, sample in enumerate(samples_at_the_lab, start=1):
        phone.goto(f"{live_server.url}/catalog/lab/samples/{sample.pk}/")
        phone.check("input[name=result][value=pass]")
        phone.fill("input[name=standard]", "JB/T 8853-2015")
        phone.fill("input[name=report_number]", f"BG-{sample.pk:05d}")
        if n == 1:
            assert fits(phone)
            shot(phone, "09-lab-result-form-phone")
        phone.click("#result-form button[type=submit]")
        assert "合格" in phone.inner_text("#sample-status")
    assert fits(phone)
    shot(phone, "10-lab-result-entered-phone")

    desk.goto(f"{live_server.url}/plan/")
    after = _target_value(desk)
    assert after.startswith("95") and after != before
    assert "已达成" in desk.inner_text("tr[data-target=equipment_pass_rate]")
    shot(desk, "11-supervisor-target-after-desktop")
    desk.goto(f"{live_server.url}/catalog/")
    assert "95.00%" in desk.inner_text("#equipment-rate")
    shot(desk, "12-supervisor-product-quality-desktop")
