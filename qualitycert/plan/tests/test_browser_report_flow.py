"""In Debian's Chromium: a participating unit files and submits a report, the
lead unit accepts it, and the dashboard's task progress changes from "awaiting
review" to the accepted status. The lead unit's own report is not the lead's to
review: the bureau's supervisor finds it on the review page and accepts it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from qualitycert.testing.browser import screenshot
from qualitycert.testing.otp import verified_login

from .conftest import ensure_plan


def logged_in(browser_page, live_server, user, **options):  # type: ignore[no-untyped-def]
    # The session cookie of a forced login: the login form is the accounts
    # app's business and has its own browser test.
    client = Client()
    verified_login(client, user)
    page = browser_page(**options)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    return page


def unit_line(page, item: str, unit: str) -> str:
    row = page.locator(f"#progress tr[data-item='{item}']")
    row.locator("summary").click()
    return row.locator("li", has_text=unit).inner_text()


@pytest.mark.browser
# The flush after this transactional test would take the migrations' data (the
# plan, the scheme catalogue) with it; serialized rollback puts it back.
@pytest.mark.django_db(transaction=True)
def test_file_review_and_see_the_dashboard_update(live_server, browser_page):
    from qualitycert.accounts.models import User
    from qualitycert.plan.models import Department, ProgressReport, ReportState

    ensure_plan()
    filer = User.objects.create_user(username="fgw_staff", password="x" * 12, role="department",
                                     department=Department.objects.get(code="fgw"))
    lead = User.objects.create_user(username="scjgj_staff", password="x" * 12,
                                    role="department",
                                    department=Department.objects.get(code="scjgj"))
    supervisor = User.objects.create_user(username="bureau_staff", password="x" * 12,
                                          role="supervisor")

    unit = logged_in(browser_page, live_server, filer, phone=True)
    unit.goto(f"{live_server.url}/plan/reports/")
    unit.locator("tr[data-item='1-1'] a.file-report").click()
    unit.select_option("select[name=status]", "done")
    unit.fill("textarea[name=narrative]", "已完成航空航天产业计量检测能力建设调研。")
    unit.fill("textarea[name=figures]", "新增检测项目：12")
    unit.click("button[name=save]")
    unit.click("#submit-report")
    assert "已报送" in unit.inner_text("#report-state")
    assert unit.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(unit, "plan/01-report-submitted-phone")

    reviewer = logged_in(browser_page, live_server, lead)
    reviewer.goto(f"{live_server.url}/plan/")
    assert "待审核" in unit_line(reviewer, "1-1", "区发展改革委")
    assert "已完成" not in unit_line(reviewer, "1-1", "区发展改革委")
    reviewer.goto(f"{live_server.url}/plan/reviews/")
    reviewer.locator("a", has_text="区发展改革委").click()
    reviewer.select_option("select[name=outcome]", "accepted")
    reviewer.fill("textarea[name=comment]", "同意")
    reviewer.click("#review-submit")
    assert "已通过" in reviewer.inner_text("#report-state")

    reviewer.goto(f"{live_server.url}/plan/")
    line = unit_line(reviewer, "1-1", "区发展改革委")
    assert "已完成" in line and "待审核" not in line
    assert "待审" not in reviewer.inner_text("tr[data-item='1-1'] summary")
    screenshot(reviewer, "plan/02-dashboard-after-review")
    report = ProgressReport.objects.get()
    assert (report.state, report.figures) == (ReportState.ACCEPTED, [["新增检测项目", "12"]])
    assert report.reviewed_by == lead

    # The lead unit files its own report on the same item: no review form for it.
    reviewer.goto(f"{live_server.url}/plan/reports/")
    reviewer.locator("tr[data-item='1-1'] a.file-report").click()
    reviewer.select_option("select[name=status]", "in_progress")
    reviewer.fill("textarea[name=figures]", "新增获证企业：十五")
    reviewer.click("button[name=save]")
    assert "不是数字" in reviewer.inner_text("main")
    reviewer.fill("textarea[name=figures]", "新增获证企业：15 家")
    reviewer.click("button[name=save]")
    reviewer.click("#submit-report")
    assert reviewer.locator("#review-submit").count() == 0
    assert "由局审核" in reviewer.inner_text("#reviewer-rule")
    reviewer.goto(f"{live_server.url}/plan/reviews/")
    assert "没有待审核的报告" in reviewer.inner_text("#review-queue")

    bureau = logged_in(browser_page, live_server, supervisor)
    bureau.goto(f"{live_server.url}/plan/reviews/")
    bureau.locator("#review-queue a", has_text="区市场监管局").click()
    bureau.select_option("select[name=outcome]", "accepted")
    bureau.fill("textarea[name=comment]", "同意")
    bureau.click("#review-submit")
    assert "已通过" in bureau.inner_text("#report-state")
    screenshot(bureau, "plan/03-bureau-accepted-lead-report")
    own = ProgressReport.objects.get(department__code="scjgj")
    assert (own.state, own.reviewed_by, own.figures) == (
        ReportState.ACCEPTED, supervisor, [["新增获证企业", "15 家"]])

    public = browser_page(phone=True)
    public.goto(f"{live_server.url}/plan/")
    assert public.locator("#targets").is_visible() and public.locator("#progress").count() == 0
    screenshot(public, "plan/04-public-dashboard-phone")
    public.goto(f"{live_server.url}/plan/document/")
    assert public.locator("#item-1-1").is_visible()
