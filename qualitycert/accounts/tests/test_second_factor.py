"""Staff sign in with a password and a TOTP code (等保 level 3, 双因素): a
session that passed only the password reaches no staff page, whichever login
page made it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from qualitycert.accounts import twofactor
from qualitycert.accounts.models import SecurityEvent
from qualitycert.testing.fixtures import PASSWORD
from qualitycert.testing.otp import code_for, enrolled_device, verified_login

STAFF_PAGES = ["/admin/", "/admin/registry/certificate/", "/registry/import/", "/plan/",
               "/admin/audit/auditentry/", "/accounts/2fa/recovery/"]


def password_only(user, page="/accounts/login/"):
    client = Client()
    response = client.post(page, {"username": user.username, "password": PASSWORD,
                                  "next": "/admin/"})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("login_page", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_password_alone_reaches_no_staff_page(supervisor, login_page, url):
    enrolled_device(supervisor)
    response = password_only(supervisor, login_page).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/?next=")


def test_password_alone_gets_401_from_the_api(supervisor):
    response = password_only(supervisor).get("/api/v1/certificates?q=x")
    assert response.status_code == 401
    assert response.json() == {"detail": "second factor required"}


def test_the_right_code_completes_the_login(supervisor):
    enrolled_device(supervisor)
    client = password_only(supervisor)
    response = client.post("/accounts/2fa/", {"token": code_for(supervisor), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    kinds = list(SecurityEvent.objects.filter(username="supervisor").values_list("kind", flat=True))
    assert "password_ok" in kinds and "login" in kinds


def test_a_wrong_code_is_refused_and_logged(supervisor):
    enrolled_device(supervisor)
    client = password_only(supervisor)
    response = client.post("/accounts/2fa/", {"token": "000000", "next": "/admin/"})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(kind="2fa_failed", username="supervisor").exists()


def test_first_login_enrols_and_shows_recovery_codes_once(supervisor):
    client = password_only(supervisor)
    assert client.get("/accounts/2fa/?next=/admin/")["Location"] == \
        "/accounts/2fa/setup/?next=/admin/"
    page = client.get("/accounts/2fa/setup/?next=/admin/")
    secret = page.context["secret"]
    assert secret in page.content.decode()
    qr = client.get("/accounts/2fa/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr["Cache-Control"] == "no-store"

    assert client.post("/accounts/2fa/setup/", {"token": "123456"}).status_code == 400
    pending = twofactor.pending_totp(supervisor)
    forget_failures(pending)  # the wrong try above started django-otp's back-off
    done = client.post("/accounts/2fa/setup/", {"token": twofactor.current_code(pending),
                                                "next": "/admin/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    assert client.get("/admin/").status_code == 200
    # Enrolled: the setup page and its QR code are closed to a password-only session.
    again = password_only(supervisor)
    assert again.get("/accounts/2fa/setup/")["Location"].startswith("/accounts/2fa/?next=")
    assert again.get("/accounts/2fa/setup/qr.svg").status_code == 404
    assert SecurityEvent.objects.filter(kind="2fa_enrolled", username="supervisor").exists()


def forget_failures(device):
    type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                     throttling_failure_timestamp=None)


def test_a_recovery_code_works_once(supervisor):
    enrolled_device(supervisor)
    code = twofactor.replace_recovery_codes(supervisor)[0]
    client = password_only(supervisor)
    used = client.post("/accounts/2fa/", {"token": code.upper(), "next": "/admin/"})
    assert used.status_code == 200 and used.context["left"] == twofactor.RECOVERY_CODE_COUNT - 1
    assert client.get("/admin/").status_code == 200
    assert password_only(supervisor).post("/accounts/2fa/", {"token": code}).status_code == 400


def test_next_must_stay_on_this_site(supervisor):
    enrolled_device(supervisor)
    client = password_only(supervisor)
    response = client.post("/accounts/2fa/", {"token": code_for(supervisor),
                                              "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_enterprise_users_need_no_second_factor(enterprise_user):
    client = Client()
    client.post("/accounts/login/", {"username": "enterprise", "password": PASSWORD})
    assert client.get("/catalog/my/declarations/").status_code == 200


def test_inspectors_and_departments_need_it_too(inspector, dept_user):
    for user in (inspector, dept_user):
        client = password_only(user)
        assert client.get("/plan/")["Location"].startswith("/accounts/2fa/")


def test_recovery_codes_can_be_replaced_after_the_second_factor(client_for, supervisor):
    client = client_for(supervisor)
    assert client.get("/accounts/2fa/recovery/").status_code == 200
    fresh = client.post("/accounts/2fa/recovery/")
    assert len(fresh.context["codes"]) == twofactor.RECOVERY_CODE_COUNT
    assert twofactor.recovery_codes_left(supervisor) == twofactor.RECOVERY_CODE_COUNT


def test_totp_code_prints_the_demo_code(supervisor, capsys):
    verified_login(Client(), supervisor)
    call_command("totp_code", "supervisor")
    assert capsys.readouterr().out.strip() == code_for(supervisor)


def test_totp_code_is_refused_in_production(supervisor, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="QC_PRODUCTION"):
        call_command("totp_code", "supervisor")


def test_demo_accounts_come_enrolled_with_the_published_secret(db):
    import datetime as dt

    from django.utils import timezone

    from qualitycert.demo.accounts import DEMO_TOTP_SECRET, create_demo_accounts
    from qualitycert.testing.factories import make_body

    body = make_body("CNCA-R-2002-009", "演示认证机构", schemes=["ISO9001"])
    create_demo_accounts(body=body, lab=None, enterprise=None,
                         joined=timezone.make_aware(dt.datetime(2025, 1, 1)))
    from qualitycert.accounts.models import User

    admin = User.objects.get(username="admin")
    device = twofactor.confirmed_totp(admin)
    assert device is not None and twofactor.base32_secret(device) == DEMO_TOTP_SECRET


def test_the_second_factor_page_speaks_english(supervisor):
    enrolled_device(supervisor)
    client = password_only(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/2fa/?next=/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Two-factor sign-in" in page and "双因素验证" not in page
