"""A lab operator's day in Debian's Chromium, at phone and desktop size
(docs/decisions/0017-lab-role.md), a screenshot per step under
var/journeys/lab/: sign in with the second factor, find the back office and
the samples on the front page, read the lab's CMA facts and scope, bring its
contact details up to date, fail to open another lab, follow the link to the
samples and enter a result; read the self-declarations citing the lab."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qualitycert.testing.actors import as_actor
from qualitycert.testing.browser import screenshot
from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import enrolled_device, pass_second_factor

DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def day(db, supervisor, holder) -> dict[str, Any]:
    from qualitycert.accounts.models import User
    from qualitycert.catalog import actions
    from qualitycert.registry.models import Lab

    from .builders import small_catalogue

    catalogue = small_catalogue()
    lab = Lab.objects.create(cma_number="241212340123", name="天津滨海检验检测中心",
                             fields=["机械产品", "电器产品", "食品及食品相关产品"],
                             valid_from=dt.date(2024, 3, 1), valid_until=dt.date(2030, 2, 28),
                             address="滨海新区第二大街 10 号")
    other = Lab.objects.create(cma_number="241212340456", name="天津市产品质量监督检测技术研究院")
    user = User.objects.create_user("lab_chen", password=PASSWORD, role="lab_operator", lab=lab,
                                    is_staff=True, first_name="陈静")
    enrolled_device(user)
    plan = actions.create_sampling_plan(
        name=f"{timezone.localdate().year}年减速机监督抽查", year=timezone.localdate().year,
        product_class="减速机", planned_count=5, labs=[lab, other], actor=as_actor(supervisor))
    sample = actions.draw_sample(plan, enterprise=holder, product="齿轮减速机", model="ZQ-250",
                                 sampled_on=timezone.localdate(), lab=lab,
                                 actor=as_actor(supervisor))
    declaration = actions.file_declaration(
        enterprise=holder, category=catalogue["categories"]["0501"], product="手持式电钻",
        models=["Z1J-10"], lab=lab, report_number="BG-2025-0301",
        report_date=dt.date(2025, 2, 20), declared_on=dt.date(2025, 3, 1),
        actor=as_actor(supervisor))
    return {"lab": lab, "other": other, "user": user, "sample": sample,
            "declaration": declaration}


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.browser
# A live server needs committed data, hence a transactional test.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_lab_operators_day(live_server, browser_page, day, size):
    lab, user, sample = day["lab"], day["user"], day["sample"]
    page = browser_page(phone=True) if size == "phone" else browser_page(**DESKTOP)
    base = live_server.url

    # 1. Sign in, with the code from the authenticator app.
    page.goto(f"{base}/accounts/login/?next=/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, user)
    page.wait_for_url(f"{base}/")
    main = page.inner_text("main")
    assert "后台管理" in main and "承检样品" in main
    assert "双随机抽查" not in main  # no tool of another role
    assert fits(page)
    screenshot(page, f"lab/01-front-page-{size}")

    # 2. The back office holds the lab's own record, and nothing else.
    page.goto(f"{base}/admin/")
    assert "检验检测机构" in page.inner_text("#content-main")
    assert "证书" not in page.inner_text("#content-main")
    screenshot(page, f"lab/02-back-office-{size}")
    page.goto(f"{base}/admin/registry/lab/")
    listing = page.inner_text("#result_list")
    assert lab.cma_number in listing and day["other"].cma_number not in listing
    screenshot(page, f"lab/03-own-lab-listed-{size}")

    # 3. The CMA facts and scope, read-only; the contact details, editable.
    page.click(f"text={lab.cma_number}")
    content = page.inner_text("#content-main")
    assert "食品及食品相关产品" in content and "2030" in content
    assert page.locator("input[name=cma_number], input[name=valid_until]").count() == 0
    page.fill("input[name=contact_name]", "陈静")
    page.fill("input[name=contact_phone]", "022-6620 1234")
    screenshot(page, f"lab/04-own-lab-record-{size}")
    page.click("input[name=_save]")
    assert "成功" in page.inner_text("ul.messagelist")
    screenshot(page, f"lab/05-contact-saved-{size}")
    lab.refresh_from_db()
    assert (lab.contact_name, lab.contact_phone) == ("陈静", "022-6620 1234")

    # 4. Another lab's record is not there to open; the declarations citing
    # the lab's reports are there to read.
    page.goto(f"{base}/admin/catalog/selfdeclaration/")
    assert day["declaration"].number in page.inner_text("#result_list")
    screenshot(page, f"lab/05b-declarations-citing-the-lab-{size}")
    response = page.goto(f"{base}/admin/registry/lab/{day['other'].pk}/change/")
    assert response is not None and response.status == 404

    # 5. From the record to the samples, and a result entered.
    page.goto(f"{base}/admin/registry/lab/{lab.pk}/change/")
    page.click("text=查看本机构的承检样品并录入检验结论")
    assert "待录入检验结论的样品：1" in page.inner_text("main")
    assert fits(page)
    screenshot(page, f"lab/06-samples-{size}")
    page.click(f"li[data-sample='{sample.pk}'] a")
    page.check("input[name=result][value=pass]")
    page.fill("input[name=standard]", "JB/T 8853-2015")
    page.fill("input[name=report_number]", "BG-2026-0001")
    assert fits(page)
    screenshot(page, f"lab/07-result-form-{size}")
    page.click("#result-form button[type=submit]")
    assert "合格" in page.inner_text("#sample-status")
    assert fits(page)
    screenshot(page, f"lab/08-result-entered-{size}")
