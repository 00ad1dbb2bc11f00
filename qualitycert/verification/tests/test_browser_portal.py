"""The portal on a phone, in Debian's Chromium: type a full-width number, land
on the certificate page, open its QR link, and nothing spills sideways."""

import datetime as dt

import pytest

from qualitycert.testing.actors import as_actor
from qualitycert.testing.browser import screenshot


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
# The flush after a transactional test would take the scheme catalogue (a data
# migration) with it; serialized rollback puts it back.
@pytest.mark.django_db(transaction=True)
def test_phone_search_certificate_and_qr_link(live_server, browser_page):
    from qualitycert.accounts.models import User
    from qualitycert.registry import actions
    from qualitycert.registry.models import Scheme
    from qualitycert.testing.factories import make_body, make_enterprise
    from qualitycert.verification import qr, queries

    staff = User.objects.create_user(username="clerk", password="x" * 12, role="supervisor")
    body = make_body("CNCA-R-2002-001", "甲认证有限公司", schemes=["ISO9001"])
    holder = make_enterprise("天津滨海<script>alert(1)</script>测试制造有限公司")
    cert = actions.issue_certificate(
        number="00125Q10001R0M", body=body, holder=holder, scheme=Scheme.objects.get(code="ISO9001"),
        issued_on=dt.date(2025, 1, 10), expires_on=dt.date(2028, 1, 9), actor=as_actor(staff),
        scope="精密机械零部件的设计和生产", sites=["天津市滨海新区测试路1号"])
    dialogs = []
    page = browser_page(phone=True)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_q", "００１２５Ｑ１０００１Ｒ０Ｍ")
    page.click("button[type=submit]")
    page.wait_for_url("**/c/CNCA-R-2002-001/00125Q10001R0M/")
    assert page.locator(".status-banner.valid").is_visible()
    assert "证书在有效期内" in page.inner_text(".status-banner")
    assert page.locator(".qr-block img").evaluate("img => img.naturalWidth > 0")
    assert _no_sideways_scroll(page)
    screenshot(page, "verification-certificate-phone")

    token = qr.token_for(queries.PublicCertificate.from_model(cert), on=queries.today())
    page.goto(f"{live_server.url}/v/{token}")
    assert "二维码签名有效" in page.inner_text(".signature.good")
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    page.goto(f"{live_server.url}/v/{tampered}")
    assert "警告" in page.inner_text(".signature.bad")
    assert _no_sideways_scroll(page)
    screenshot(page, "verification-tampered-phone")
    assert dialogs == []  # the holder's <script> never ran
