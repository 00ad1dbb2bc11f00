"""One tiny demo district per test module that asks for `seeded`, rolled back
at the module's end."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from qualitycert.testing.fixtures import restore_reference_data

SEEDED_TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed-demo's output for the tiny district (seed 3, today 2026-11-26).

    Module-scoped fixtures are set up before the per-test `_reference_data`,
    so after a browser test's flush on the same worker the schemes would be
    missing: restore them first."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        restore_reference_data()
        out = io.StringIO()
        call_command("seed_demo", "--scale", "tiny", "--seed", "3",
                     "--today", SEEDED_TODAY.isoformat(), stdout=out, stderr=io.StringIO())
        yield out.getvalue()
        transaction.set_rollback(True)
