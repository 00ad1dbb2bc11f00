"""The bureau supervisor's day in the back office, in Debian's Chromium at
desktop and phone size (issue 11, item 6): sign in, find the staff tools on
the back-office home, find a certificate, suspend it with a reason, read the
suspension in its history and in the audit log in local time and in words,
then import a file with one bad row and get the error report with nothing
imported. Screenshots land in var/journeys/supervisor/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qualitycert.registry.tests.import_files import cert_row, write_csv
from qualitycert.testing.browser import screenshot
from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import enrolled_device, pass_second_factor

REASON = "未按期接受监督审核，认证机构报告暂停"
DECISION = "津滨市监认决〔2026〕12号"
FITS = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def _fits(page) -> bool:
    return bool(page.evaluate(FITS))


def _choose_reason(page) -> None:
    """A standard reason where the form offers a list, else the typed one."""
    select = page.locator("form select[name*=reason]")
    if select.count():
        values = [v for v in select.first.locator("option").evaluate_all(
            "options => options.map(o => o.value)") if v]
        select.first.select_option(values[0])
    textarea = page.locator("textarea[name=reason]")
    if textarea.count():
        textarea.fill(REASON)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_supervisor_day_in_the_back_office(live_server, browser_page, supervisor, cert_a,
                                           tmp_path, settings, size):
    from qualitycert.audit.models import AuditEntry
    from qualitycert.backoffice.display import local_datetime
    from qualitycert.registry.models import Certificate

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    phone = size == "phone"
    shot = f"supervisor/{{}}-{size}"
    enrolled_device(supervisor)
    page = (browser_page(phone=True) if phone
            else browser_page(viewport={"width": 1366, "height": 900}))

    # 1. Sign in with password and code; the back-office home offers the staff tools.
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=username]", supervisor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, supervisor)
    assert "滨海新区质量认证监管后台" in page.inner_text("#site-name")
    tools = page.inner_text("#staff-tools")
    for label in ("数据导入", "双随机抽查", "重点任务督办与目标", "年度分析报告",
                  "伪造证书举报处理", "我的关注"):
        assert label in tools
    assert "我的检查任务" not in tools  # an inspector's page, not the supervisor's
    assert page.locator("#staff-tools a[href='/registry/import/']").count() == 1
    assert _fits(page)
    screenshot(page, shot.format("01-admin-home"))

    # 2. Find the certificate by its number.
    page.goto(f"{live_server.url}/admin/registry/certificate/")
    page.fill("#searchbar", cert_a.number)
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    assert cert_a.number in page.inner_text("#result_list")
    screenshot(page, shot.format("02-certificate-found"))
    page.click(f"#result_list a:has-text('{cert_a.number}')")
    assert page.inner_text("#content-main .qc-badge") == "有效"

    # 3. Suspend it, with a reason.
    page.click("a.qc-step:has-text('暂停')")
    _choose_reason(page)
    # The bureau suspends a body's certificate on a written decision.
    page.fill("input[name=decision_number]", DECISION)
    page.fill("input[name=decision_date]", today.isoformat())
    screenshot(page, shot.format("03-suspend-form"))
    assert page.locator("input[type=submit].default").get_attribute("value") == "签署并执行：暂停"
    page.click("input[type=submit].default")
    assert page.inner_text("#content-main .qc-badge") == "暂停"
    assert "已对 1 张证书执行" in page.inner_text("ul.messagelist")
    updated = page.inner_text(".field-updated_display .readonly")
    assert "+00:00" not in updated and "." not in updated.split()[-1]
    screenshot(page, shot.format("04-suspended"))

    entry = AuditEntry.objects.get(action="certificate.suspend", object_id=str(cert_a.pk))
    local = local_datetime(entry.at)
    assert local in updated or updated.startswith(local[:10])

    # 4. Its history shows the suspension: local time, who, the action in words, why.
    page.click("a.historylink")
    history = page.inner_text("#change-history")
    assert local in history and "暂停证书" in history
    assert supervisor.first_name in history
    assert "certificate.suspend" not in history and "没有" not in history
    row = page.locator("#change-history tbody tr", has_text="暂停证书")
    assert (REASON in row.inner_text()) or page.locator("form select[name*=reason]").count() == 0
    assert _fits(page)
    screenshot(page, shot.format("05-history"))

    # 5. The audit log says the same, in words and in local time.
    page.goto(f"{live_server.url}/admin/audit/auditentry/")
    first = page.locator("#result_list tbody tr").first.inner_text()
    assert "暂停证书" in first and "证书" in first
    assert "certificate.suspend" not in first and "registry.certificate" not in first
    assert local.split()[-1] in first  # the hour and minute as in Tianjin
    screenshot(page, shot.format("06-audit-log"))

    # 6. Import a file whose second row is wrong: the report names it, nothing is imported.
    page.goto(f"{live_server.url}/admin/")
    page.click("#staff-tools a[href='/registry/import/']")
    header = page.inner_text("header.staff-header")
    assert supervisor.first_name in header and "后台首页" in header
    assert page.locator("header.staff-header form[method=post] button",
                        has_text="退出登录").count() == 1
    rows = [cert_row(n) for n in range(3)]
    rows[1]["status"] = "作废了"
    page.select_option("#id_kind", "certificates")
    page.set_input_files("#id_file", str(write_csv(tmp_path / "bad.csv", rows)))
    page.click("main button[type=submit]")
    page.wait_for_selector(".outcome.rejected")
    cells = page.locator("table tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "3" and "status" in cells[1]  # data row 2 is line 3 of the file
    assert _fits(page)
    screenshot(page, shot.format("07-import-refused"))
    assert Certificate.objects.count() == 1

    # 7. Back home from the import page through the frame; another tool has the same frame.
    page.click("header.staff-header a.staff-home")
    assert page.url.endswith("/admin/")
    page.click("#staff-tools a[href='/inspections/']")
    assert supervisor.first_name in page.inner_text("header.staff-header")
    assert _fits(page)
    screenshot(page, shot.format("08-inspections-in-frame"))

    # 8. Log out from a staff page (a POST): the staff pages ask for a login again.
    page.goto(f"{live_server.url}/registry/import/")
    page.click("header.staff-header .staff-logout-button")
    page.goto(f"{live_server.url}/registry/import/")
    assert "/accounts/login/" in page.url
