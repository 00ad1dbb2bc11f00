"""A supervisor opens /reports/ in Chromium, picks the year and downloads the PDF."""

import datetime as dt

import pytest
from django.test import Client

from qualitycert.testing.actors import as_actor
from qualitycert.testing.browser import screenshot
from qualitycert.testing.otp import verified_login


@pytest.mark.browser
# Transactional (the live server runs in another thread); the flush afterwards
# removes what data migrations loaded, which the shared `_reference_data`
# fixture puts back before the next database test.
@pytest.mark.django_db(transaction=True)
def test_supervisor_downloads_the_pdf(live_server, browser_page, tmp_path):
    from qualitycert.accounts.models import User
    from qualitycert.registry import actions
    from qualitycert.registry.models import Scheme
    from qualitycert.testing.factories import make_body, make_enterprise

    year = dt.date.today().year - 1
    supervisor = User.objects.create_user(username="wang", password="x" * 12, role="supervisor",
                                          is_staff=True)
    body = make_body("CNCA-R-2002-001", "甲认证有限公司", schemes=["ISO9001"])
    actions.issue_certificate(
        number="00125Q10001R0M", body=body, holder=make_enterprise(industry_code="C3411"),
        scheme=Scheme.objects.get(code="ISO9001"), issued_on=dt.date(year, 3, 1),
        expires_on=dt.date(year + 3, 2, 28), actor=as_actor(supervisor))
    client = Client()
    verified_login(client, supervisor)
    page = browser_page()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/reports/")
    page.select_option("#id_year", str(year))
    screenshot(page, "reports-index")
    with page.expect_download(timeout=120_000) as info:
        page.click("button[value=pdf]")
    download = info.value
    assert download.suggested_filename == f"qualitycert-annual-report-{year}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert saved.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_fit_a_phone(live_server, browser_page, settings, tmp_path):
    from qualitycert.accounts.models import User

    settings.QC_OPEN_DATA_DIR = str(tmp_path)
    supervisor = User.objects.create_user(username="li", password="x" * 12, role="supervisor")
    client = Client()
    verified_login(client, supervisor)
    page = browser_page(phone=True)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    for path, name in (("/reports/", "reports-index-phone"),
                       ("/reports/open-data/", "reports-open-data-phone")):
        page.goto(f"{live_server.url}{path}")
        # Wide tables scroll inside their own box; the page itself never does.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        screenshot(page, name)
