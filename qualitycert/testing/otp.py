"""Signed-in test clients that have passed the second factor, as a real staff
login would, through django-otp's public session key.

    client = verified_login(Client(), supervisor)
"""

from __future__ import annotations

import time
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY

from qualitycert.accounts import reauth, twofactor
from qualitycert.accounts.roles import needs_second_factor

# The personas' authenticator secret: any base32 of 160 bits will do.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrolled_device(user: Any) -> Any:
    return twofactor.confirmed_totp(user) or twofactor.enrol_with_secret(user, TEST_TOTP_SECRET)


def verified_login(client: Any, user: Any) -> Any:
    """Signed in with both factors just now (which also counts as a recent
    re-authentication, as a real sign-in does)."""
    client.force_login(user)
    if needs_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
        session[reauth.SESSION_KEY] = int(time.time())
        session.save()
    return client


def code_for(user: Any) -> str:
    """What the user's authenticator app shows now."""
    return twofactor.current_code(enrolled_device(user))


def pass_second_factor(page: Any, user: Any) -> None:
    """In a browser that has just sent the password form of an enrolled user
    (`enrolled_device(user)` before the login): type the code."""
    device = twofactor.confirmed_totp(user)
    assert device is not None, "enrol the user before the login: enrolled_device(user)"
    page.wait_for_selector("input[name=token]")
    page.fill("input[name=token]", twofactor.current_code(device))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
