"""In Chromium: the pages run with the Content-Security-Policy and raise no
violation, and an inline script without the response's nonce does not run."""

from __future__ import annotations

import pytest

from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import enrolled_device, pass_second_factor

PAGES = ["/", "/verify/", "/admin/", "/admin/registry/certificate/", "/plan/",
         "/registry/import/", "/api/v1/docs"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_raise_no_violation_and_inline_script_does_not_run(live_server, browser_page,
                                                                  supervisor):
    enrolled_device(supervisor)
    page = browser_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    pass_second_factor(page, supervisor)
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert violations == []

    # The language menu's script (a static file) works under the policy.
    page.goto(f"{live_server.url}/verify/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.evaluate("document.documentElement.lang") == "en"

    # An injected inline script without the nonce is refused.
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true';
                             document.head.appendChild(s); }""")
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in text for text in violations)
