"""Issue 11: every inspector user the README names (inspector1..3) has an
inspector-library entry, from `seed-demo`'s accounts on, and so a working
"我的检查任务"."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qualitycert.accounts import twofactor
from qualitycert.accounts.models import User
from qualitycert.demo.accounts import DEMO_PASSWORD, README_INSPECTORS, create_demo_accounts
from qualitycert.inspections.models import Inspector
from qualitycert.testing.otp import verified_login

pytestmark = pytest.mark.django_db

URL = reverse("inspections:my_assignments")


@pytest.fixture
def demo_accounts(body_a):
    return create_demo_accounts(body=body_a, lab=None, enterprise=None,
                                joined=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC))


def _signed_in(username: str) -> Client:
    """Signed in with the README's password and the demo authenticator."""
    user = User.objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD) and twofactor.is_enrolled(user)
    return verified_login(Client(), user)


def test_the_readme_inspectors_have_library_entries(demo_accounts) -> None:
    for username, name, _number in README_INSPECTORS:
        entry = Inspector.objects.get(user__username=username)
        assert entry.name == name and entry.active
        page = _signed_in(username).get(URL)
        assert page.status_code == 200 and 'id="no-profile"' not in page.content.decode()
        assert "共 0 项任务" in page.content.decode()


def test_the_inspections_demo_draws_them_too(demo_accounts, tmp_path) -> None:
    call_command("seed_inspections_demo", "--output", str(tmp_path / "r.json"),
                 "--enterprises", "30", stdout=io.StringIO())
    pool = set(User.objects.filter(inspector_profile__pool_entries__isnull=False)
               .values_list("username", flat=True))
    assert {u for u, *_ in README_INSPECTORS} <= pool
    # Running the demo again keeps one entry each.
    call_command("seed_inspections_demo", "--output", str(tmp_path / "r2.json"),
                 "--enterprises", "0", stdout=io.StringIO())
    assert Inspector.objects.filter(user__username__in=[u for u, *_ in README_INSPECTORS]
                                    ).count() == 3


def test_another_role_sees_why_not_a_bare_error(demo_accounts) -> None:
    page = _signed_in("supervisor").get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="no-profile"' in html and "检查人员名录" in html and "王建国" in html
