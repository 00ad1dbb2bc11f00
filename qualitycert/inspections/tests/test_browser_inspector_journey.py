"""The inspector's day on a phone (390×844), in Debian's Chromium (issue 11):
find one assignment among 1,500, record a draft with a 整改期限, reopen it and
see the date still there, save again, submit for co-signing. Each step checks
what the inspector would look at, and leaves a screenshot under
var/journeys/inspector/ (look at them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from qualitycert.demo.inspector_load import bulk_assignments, enterprise_name
from qualitycert.inspections.models import InspectionResult, ResultStatus, Selection
from qualitycert.registry.models import Scheme
from qualitycert.testing.browser import ARTIFACTS
from qualitycert.testing.otp import verified_login

# `make journeys` collects every journey's screenshots under var/journeys/.
JOURNEY = ARTIFACTS / "inspector"
ASSIGNMENTS = 1500
DEADLINE = dt.date(2027, 1, 15)


def _signed_in_phone(browser_page: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    verified_login(client, user)
    page = browser_page(phone=True)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    return page


class Steps:
    def __init__(self, page: Any) -> None:
        self.page, self.n = page, 0
        JOURNEY.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str, *, full_page: bool = True) -> None:
        """A screenshot of the step, after checking that nothing runs off the
        phone's screen sideways."""
        assert self.page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        self.n += 1
        self.page.screenshot(path=str(JOURNEY / f"{self.n:02d}-{name}.png"), full_page=full_page)


@pytest.mark.browser
@pytest.mark.slow
# A transactional test flushes the tables afterwards; serialized rollback puts
# back what the migrations loaded (schemes, departments) for the tests after it.
@pytest.mark.django_db(transaction=True)
def test_find_draft_reopen_save_submit_on_a_phone(live_server, browser_page, inspector, team,
                                                   body_a) -> None:
    me, partner, _outsider = team
    bulk_assignments(me, partner, ASSIGNMENTS, plans=3, starts_on=dt.date(2026, 12, 1),
                     body=body_a, scheme=Scheme.objects.get(code="ISO9001"))
    wanted = enterprise_name(777)
    selection = Selection.objects.get(candidate__name=wanted)

    page = _signed_in_phone(browser_page, live_server, inspector)
    steps = Steps(page)
    page.goto(f"{live_server.url}/inspections/my/")
    assert f"共 {ASSIGNMENTS} 项任务" in page.inner_text("#assignment-count")
    assert page.locator("li.card.assignment").count() == 50
    steps.shot("list", full_page=False)  # what the phone shows first, not 50 cards

    # Find it by a part of its name.
    page.fill("input[name=q]", "演示00777")
    page.click("#assignment-filters button[type=submit]")
    assert "找到 1 项任务" in page.inner_text("#assignment-count")
    card = page.locator("li.card.assignment")
    assert card.count() == 1
    card_text = card.inner_text()
    assert wanted in card_text and "天津市滨海新区" in card_text and "联系人00777" in card_text
    assert "DEMO-INSP-00259" in card_text  # every third enterprise holds a certificate
    steps.shot("found")

    card.locator("a.title").click()
    page.wait_for_url(f"**/inspections/my/{selection.pk}/")
    assert wanted in page.inner_text("h1")
    assert "天津市滨海新区" in page.inner_text("#visit-facts")
    steps.shot("assignment")

    # A draft with a deadline.
    page.check("input[name=category][value=corrected]")
    page.fill("textarea[name=findings]", "认证标志使用不规范，已责令整改。")
    page.fill("input[name=rectification_deadline]", DEADLINE.isoformat())
    steps.shot("draft-filled")
    page.click("#result-form button[type=submit]")
    assert "草稿" in page.inner_text("#result-status")
    steps.shot("draft-saved")

    # Reopen it from the list: the date is still in its box.
    page.goto(f"{live_server.url}/inspections/my/?q={wanted}")
    page.locator("li.card.assignment a.title").click()
    page.wait_for_url(f"**/inspections/my/{selection.pk}/")
    assert page.input_value("input[name=rectification_deadline]") == DEADLINE.isoformat()
    assert page.is_checked("input[name=category][value=corrected]")
    steps.shot("draft-reopened")

    # Save again without touching the date: no "须填写整改期限".
    page.fill("textarea[name=findings]", "认证标志使用不规范，已责令整改；复查时间另行通知。")
    page.click("#result-form button[type=submit]")
    assert "须填写整改期限" not in page.inner_text("main")
    assert "草稿" in page.inner_text("#result-status")
    result = InspectionResult.objects.get(selection=selection)
    assert result.rectification_deadline == DEADLINE and "复查" in result.findings
    steps.shot("draft-saved-again")

    page.click("#submit-result")
    assert "待会签" in page.inner_text("#result-status")
    steps.shot("submitted")
    assert InspectionResult.objects.get(selection=selection).status == ResultStatus.AWAITING_COSIGN
