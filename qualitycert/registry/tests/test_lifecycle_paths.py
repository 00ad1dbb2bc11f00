"""Every lifecycle path refuses the same wrong steps with the same words: the
action, the back office (one certificate's step page and the bulk changelist
action), the import, and the `certificate-step` command. One table of
(state, step, date) cases, each run through every path.

All the paths ask models/lifecycle.py (Certificate.can / refusal); these
tests show that none of them adds, drops or rewords a rule on the way."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.admin import helpers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from qualitycert.registry import actions
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate, CertificateEvent
from qualitycert.testing.actors import as_actor

from .import_files import write_csv

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ISSUED = dt.date(2025, 1, 10)   # cert_a: 2025-01-10 to 2028-01-09
SETUP_ON = dt.date(2025, 6, 1)  # the date the case's starting state was reached

# (starting state, step, the step's date, the refusal's code)
CASES = [
    ("withdrawn", "suspend", dt.date(2025, 7, 1), "wrong_state"),
    ("cancelled", "restore", dt.date(2025, 7, 1), "wrong_state"),
    ("withdrawn", "cancel", dt.date(2025, 7, 1), "wrong_state"),
    ("valid", "withdraw", dt.date(2024, 12, 1), "back_dated"),      # before the issue date
    ("suspended", "withdraw", dt.date(2025, 5, 1), "back_dated"),   # before the suspension
    ("suspended", "restore", TODAY + dt.timedelta(days=3), "future_date"),
    ("valid", "suspend", None, "reason_required"),                  # no reason given
]
IDS = [f"{state}-{step}-{code}" for state, step, _, code in CASES]
# What the import file says to ask for each step.
STATUS_FOR = {"suspend": "suspended", "restore": "valid", "withdraw": "withdrawn",
              "cancel": "cancelled"}
REASON = "现场审核发现严重不符合"


@pytest.fixture
def start(cert_a, cb_alice) -> Callable[[str], Certificate]:
    """cert_a in the case's starting state, reached by its own body's staff."""
    alice = as_actor(cb_alice)

    def put(state: str) -> Certificate:
        if state == "suspended":
            actions.suspend_certificate(cert_a, reason="未按期监督审核", actor=alice, on=SETUP_ON)
        elif state == "withdrawn":
            actions.withdraw_certificate(cert_a, reason="严重不符合", actor=alice, on=SETUP_ON)
        elif state == "cancelled":
            actions.cancel_certificate(cert_a, reason="企业申请注销", actor=alice, on=SETUP_ON)
        cert_a.refresh_from_db()
        return cert_a
    return put


def _expected(cert: Certificate, step: str, on: dt.date | None, reason: str) -> Any:
    from qualitycert.registry.models import EventKind

    found = cert.can(EventKind(step), on or TODAY, today=TODAY, reason=reason)
    assert found is not None, "every case in the table is a wrong step"
    return found


def _unchanged(cert: Certificate, before: tuple[str, int]) -> None:
    cert.refresh_from_db()
    assert (cert.status, CertificateEvent.objects.filter(certificate=cert).count()) == before


def _state(cert: Certificate) -> tuple[str, int]:
    return cert.status, CertificateEvent.objects.filter(certificate=cert).count()


@pytest.mark.parametrize(("state", "step", "on", "code"), CASES, ids=IDS)
def test_the_action(start, cb_alice, state, step, on, code):
    cert = start(state)
    reason = "" if code == "reason_required" else REASON
    before = _state(cert)
    run = getattr(actions, f"{step}_certificate")
    with pytest.raises(actions.StepRefused) as refused:
        run(cert, reason=reason, actor=as_actor(cb_alice), on=on or TODAY)
    assert refused.value.code == code
    assert refused.value.refusal == _expected(cert, step, on, reason)
    _unchanged(cert, before)


@pytest.mark.parametrize(("state", "step", "on", "code"), CASES, ids=IDS)
def test_the_back_office_step_page(start, client_for, cb_alice, state, step, on, code):
    cert = start(state)
    reason = "" if code == "reason_required" else REASON
    expected = _expected(cert, step, on, reason)
    before = _state(cert)
    url = reverse("admin:registry_certificate_step", args=[cert.pk, step])
    # The clerk picks "other" and writes the reason (models/reasons.py).
    response = client_for(cb_alice).post(url, {"reason_code": "other", "reason": reason,
                                               "on": (on or TODAY).isoformat()})
    assert response.status_code == 200  # the form again, with the refusal on it
    page = html.unescape(response.content.decode())
    assert expected.reason_zh in page
    _unchanged(cert, before)


@pytest.mark.parametrize(("state", "step", "on", "code"), CASES, ids=IDS)
def test_the_back_office_bulk_action(start, client_for, cb_alice, state, step, on, code):
    cert = start(state)
    reason = "" if code == "reason_required" else REASON
    expected = _expected(cert, step, on, reason)
    before = _state(cert)
    response = client_for(cb_alice).post(
        reverse("admin:registry_certificate_changelist"),
        {"action": step, helpers.ACTION_CHECKBOX_NAME: [cert.pk], "apply": "1",
         "reason_code": "other", "reason": reason, "on": (on or TODAY).isoformat()},
        follow=True)
    page = html.unescape(response.content.decode())
    # A bulk form checks no certificate (the action does, one by one); a
    # missing reason or a future date is the form's own to refuse.
    assert expected.reason_zh in page or (
        code in {"reason_required", "future_date"} and ("理由" in page or "日期" in page))
    _unchanged(cert, before)


@pytest.mark.parametrize(("state", "step", "on", "code"), CASES, ids=IDS)
def test_the_import(start, cb_alice, tmp_path, state, step, on, code):
    cert = start(state)
    reason = "" if code == "reason_required" else REASON
    expected = _expected(cert, step, on, reason)
    before = _state(cert)
    row = {"certificate_number": cert.number, "body_approval_number": cert.body.approval_number,
           "holder_uscc": cert.holder.uscc, "holder_name": cert.holder.name,
           "scheme_code": cert.scheme.code, "scope": cert.scope,
           "issued_on": cert.issued_on.isoformat(), "expires_on": cert.expires_on.isoformat(),
           "status": STATUS_FOR[step], "status_changed_on": (on or TODAY).isoformat(),
           "status_reason": reason}
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [row],
                                                  header=list(row)),
                        actor=as_actor(cb_alice))
    assert not result.ok and result.updated == 0
    assert [e.reason_zh for e in result.errors.first] == [expected.reason_zh]
    _unchanged(cert, before)


@pytest.mark.parametrize(("state", "step", "on", "code"), CASES, ids=IDS)
def test_the_command(start, cb_alice, state, step, on, code):
    cert = start(state)
    reason = "" if code == "reason_required" else REASON
    expected = _expected(cert, step, on, reason)
    before = _state(cert)
    with pytest.raises(CommandError) as refused:
        call_command("certificate_step", step, cert.number, body=cert.body.approval_number,
                     signer="cb_alice", reason=reason, on=(on or TODAY).isoformat())
    assert refused.value.returncode == 1 and expected.reason_zh in str(refused.value)
    _unchanged(cert, before)
