"""The upload page on a phone, in Debian's Chromium: a refused file shows its
report table without pushing the page sideways; the fixed file imports."""

from __future__ import annotations

import pytest

from qualitycert.testing.browser import screenshot
from qualitycert.testing.otp import verified_login

from .import_files import cert_row, write_csv


def _log_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    verified_login(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_upload_refused_then_imported(live_server, browser_page, tmp_path, settings):
    from qualitycert.accounts.models import User
    from qualitycert.registry.models import Certificate
    from qualitycert.testing.factories import make_body

    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = User.objects.create_user(username="clerk", password="x" * 12, role="supervisor",
                                     is_staff=True)
    make_body("CNCA-R-2002-001", "甲认证有限公司", schemes=["ISO9001"])
    rows = [cert_row(n) for n in range(5)]
    rows[3]["status"] = "<img src=x onerror=alert(1)>" + "很长的错误值" * 20
    bad = write_csv(tmp_path / "bad.csv", rows)

    dialogs: list[str] = []
    page = browser_page(phone=True)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _log_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/registry/import/")
    page.select_option("#id_kind", "certificates")
    page.set_input_files("#id_file", str(bad))
    page.click("button[type=submit]")
    page.wait_for_selector(".outcome.rejected")
    cells = page.locator("table tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "5" and "status" in cells[1]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "registry-import-refused-phone")
    assert not Certificate.objects.exists()

    rows[3] = cert_row(3)
    page.set_input_files("#id_file", str(write_csv(tmp_path / "good.csv", rows)))
    page.click("button[type=submit]")
    page.wait_for_selector(".outcome:not(.rejected)")
    outcome = page.inner_text(".outcome")
    assert "新增： 5" in outcome and "数据行： 5" in outcome
    screenshot(page, "registry-import-done-phone")
    assert Certificate.objects.count() == 5 and dialogs == []
