"""In Debian's Chromium: an inspector records a result on a phone and attaches
a photo, the team partner co-signs on a phone, a supervisor accepts and
publishes it, and the public results page shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from qualitycert.testing.actors import as_actor
from qualitycert.testing.browser import screenshot
from qualitycert.testing.otp import verified_login

from .conftest import RFC_SOURCES, plan_spec

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def logged_in(browser_page, live_server, user, **options):  # type: ignore[no-untyped-def]
    client = Client()
    verified_login(client, user)
    page = browser_page(**options)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    return page


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
# A transactional test flushes the tables afterwards; serialized rollback puts
# back what the migrations loaded (schemes, departments) for the tests after it.
@pytest.mark.django_db(transaction=True)
def test_record_cosign_review_publish(live_server, browser_page, tmp_path, settings,
                                      inspector, partner, supervisor, team, library,
                                      department) -> None:
    from qualitycert.inspections import actions
    from qualitycert.inspections.models import InspectionResult, ResultStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    library(4)
    plan = actions.commit_plan(actions.create_plan(plan_spec([department]), actor=as_actor(supervisor)),
                               actor=as_actor(supervisor))
    actions.draw_plan(plan, RFC_SOURCES, actor=as_actor(supervisor))
    selection = plan.selections.order_by("draw_order")[0]
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    deadline = (timezone.localdate() + dt.timedelta(days=20)).isoformat()

    phone = logged_in(browser_page, live_server, inspector, phone=True)
    phone.goto(f"{live_server.url}/inspections/my/")
    assert fits_the_screen(phone)
    phone.click(f"a[href='/inspections/my/{selection.pk}/']")
    phone.check("input[name=category][value=corrected]")
    phone.fill("textarea[name=findings]", "认证标志使用不规范，已责令整改。")
    phone.fill("input[name=rectification_deadline]", deadline)
    assert fits_the_screen(phone)
    screenshot(phone, "inspections-result-form-phone")
    phone.click("#result-form button[type=submit]")
    phone.set_input_files("input[name=file]", str(photo))
    phone.click("form[enctype] button[type=submit]")
    assert "现场照片.png" in phone.inner_text("main")
    phone.click("#submit-result")
    assert "待会签" in phone.inner_text("#result-status")
    assert fits_the_screen(phone)
    screenshot(phone, "inspections-result-submitted-phone")

    second = logged_in(browser_page, live_server, partner, phone=True)
    second.goto(f"{live_server.url}/inspections/my/{selection.pk}/")
    second.click("#cosign-result")
    assert "待审核" in second.inner_text("#result-status")

    desk = logged_in(browser_page, live_server, supervisor)
    desk.goto(f"{live_server.url}/inspections/review/")
    desk.click(f"text={selection.candidate.name}")
    desk.click("#accept")
    assert "审核通过" in desk.inner_text("#result-status")
    desk.click("#publish")
    assert "已公示" in desk.inner_text("#result-status")
    result = InspectionResult.objects.get(selection=selection)
    assert result.status == ResultStatus.PUBLISHED and result.cosigned_by == partner

    public = browser_page(phone=True)
    public.goto(f"{live_server.url}/inspections/results/")
    public.click(f"text={plan.name}")
    text = public.inner_text("main")
    assert selection.candidate.identifier in text and "发现问题已责令改正" in text
    assert "认证标志使用不规范" not in text  # findings stay internal
    assert fits_the_screen(public)
    screenshot(public, "inspections-public-results-phone")
