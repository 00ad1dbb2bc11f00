"""Playwright on Debian's Chromium, shared by every browser test.

Usage::

    @pytest.mark.browser
    def test_something(live_server, browser_page):
        page = browser_page()            # desktop viewport
        phone = browser_page(phone=True)  # 390x844, touch

Skips when Chromium is absent, unless QC_REQUIRE_BROWSER=1 (CI sets it after
installing Chromium), in which case a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--lang=zh-CN",
]
# The browser's own language, as on a clerk's computer in Tianjin: date boxes read
# 2027/01/15 and a file box says 选择文件. Chromium takes it from LANGUAGE and needs
# its locale files (Debian's chromium-l10n); the context's `locale` only sets what
# the page is told (navigator.language, Accept-Language). LANG stays C.UTF-8, a
# locale every Debian has: naming zh_CN.UTF-8, which is not generated here, left
# Chromium in the C locale, unable to upload a file named 供应商名单.xlsx.
CHROMIUM_ENV = {"LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}
# `make journeys` leaves every step's screenshot here for a person to look at.
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "journeys"
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("QC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"QC_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium chromium-l10n)")


@pytest.fixture
def browser_page(transactional_db: Any) -> Iterator[Callable[..., Any]]:
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # refuses to run beside one unless told it is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             env={**os.environ, **CHROMIUM_ENV})
        contexts = []

        def make(*, phone: bool = False, **options: Any) -> Any:
            # A clerk's browser in Tianjin: the admin's date widgets compare
            # the browser's clock with the server's and warn when they differ.
            settings: dict[str, Any] = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai",
                                        "accept_downloads": True,
                                        **(PHONE if phone else {}), **options}
            context = browser.new_context(**settings)
            contexts.append(context)
            return context.new_page()

        try:
            yield make
        finally:
            for context in contexts:
                context.close()
            browser.close()
            # The test's database connection was opened while Playwright's loop
            # ran; the end-of-session teardown does not see it as its own and
            # would leave it open, blocking DROP DATABASE on PostgreSQL.
            from django.db import connections

            connections.close_all()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as var/journeys/<name>.png (`name` may hold
    a journey's folder: "inspector/03-draft-phone")."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
