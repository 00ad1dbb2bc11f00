"""The registry rules of issue 10 that every path enforces: validity per
scheme, the bureau's decision document, a reason and a named signer for
every decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate, Decision, Scheme
from qualitycert.testing.actors import as_actor
from qualitycert.testing.fixtures import bureau_decision

from .import_files import cert_row, write_csv

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 1)


# --- validity per scheme ------------------------------------------------------------


@pytest.mark.parametrize(("scheme", "years", "ok"), [
    ("ISO9001", 3, True), ("ISO9001", 5, False), ("ORGANIC", 1, True), ("ORGANIC", 3, False),
    ("CCC", 5, True), ("CCC", 6, False),
])
def test_validity_is_the_schemes(issue, body_a, holder, scheme, years, ok):
    assert Scheme.objects.get(code=scheme).validity_years == {"ISO9001": 3, "ORGANIC": 1,
                                                              "CCC": 5}[scheme]
    if ok:
        assert issue(body_a, holder, f"{scheme}-{years}", scheme=scheme, years=years)
        return
    with pytest.raises(actions.StepRefused) as refused:
        issue(body_a, holder, f"{scheme}-{years}", scheme=scheme, years=years)
    assert refused.value.code == "validity_too_long"


def test_the_import_refuses_a_validity_too_long(tmp_path, body_a, supervisor):
    five_years = cert_row(1, expires_on="2029-01-01", issued_on="2024-01-02")
    organic = cert_row(2, scheme="ORGANIC", issued_on="2024-01-02", expires_on="2026-12-31")
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [five_years, organic]),
                        actor=as_actor(supervisor))
    assert not result.ok and not Certificate.objects.exists()
    assert [(e.row, "validity" in e.reason_en) for e in result.errors.first] == [(2, True),
                                                                                 (3, True)]


def test_a_renewal_is_held_to_the_scheme_too(cert_a, cb_alice):
    with pytest.raises(actions.StepRefused, match="3"):
        actions.renew_certificate(cert_a, issued_on=ON, expires_on=dt.date(2029, 6, 1),
                                  actor=as_actor(cb_alice))
    renewed = actions.renew_certificate(cert_a, issued_on=ON, expires_on=dt.date(2028, 5, 31),
                                        actor=as_actor(cb_alice))
    assert renewed.expires_on == dt.date(2028, 5, 31)


def test_the_issue_form_says_so(client_for, supervisor, body_a, holder):
    response = client_for(supervisor).post(reverse("admin:registry_certificate_add"), {
        "number": "F-1", "body": body_a.pk, "holder_uscc": holder.uscc,
        "scheme": Scheme.objects.get(code="ORGANIC").pk, "scope": "有机大米",
        "issued_on": "2025-01-10", "expires_on": "2027-01-09"})
    assert response.status_code == 200 and "最长有效期1年" in response.content.decode()
    assert not Certificate.objects.exists()


# --- the bureau acts by decision ------------------------------------------------------


@pytest.mark.parametrize("step", ["suspend", "withdraw"])
def test_the_bureau_suspends_or_withdraws_only_by_decision(cert_a, supervisor, step):
    run = getattr(actions, f"{step}_certificate")
    with pytest.raises(actions.StepRefused) as refused:
        run(cert_a, reason="监督抽查不合格", actor=as_actor(supervisor), on=ON)
    assert refused.value.code == "decision_required"
    with pytest.raises(actions.StepRefused) as refused:
        run(cert_a, reason="监督抽查不合格", actor=as_actor(supervisor), on=ON,
            decision=Decision("津滨市监认决〔2025〕3号", ON + dt.timedelta(days=1)))
    assert refused.value.code == "decision_after_step"
    run(cert_a, reason="监督抽查不合格", actor=as_actor(supervisor), on=ON,
        decision=bureau_decision(ON, 3))
    event = cert_a.events.latest("id")
    assert (event.decision_number, event.decision_date) == ("津滨市监认决〔2025〕3号", ON)
    entry = AuditEntry.objects.filter(action=f"certificate.{step}").latest("seq")
    assert entry.after["decision"] == {"number": "津滨市监认决〔2025〕3号",
                                       "issued_on": "2025-06-01"}


def test_the_body_decides_for_its_own_certificates(cert_a, cb_alice):
    actions.suspend_certificate(cert_a, reason="未按期监督审核", actor=as_actor(cb_alice), on=ON)
    actions.withdraw_certificate(cert_a, reason="逾期未整改", actor=as_actor(cb_alice),
                                 on=ON + dt.timedelta(days=30))
    assert cert_a.status == "withdrawn" and cert_a.events.latest("id").decision_number == ""


def test_the_back_office_asks_the_bureau_for_the_decision(client_for, supervisor, cert_a):
    url = reverse("admin:registry_certificate_step", args=[cert_a.pk, "suspend"])
    client = client_for(supervisor)
    refused = client.post(url, {"reason_code": "sampling_failed", "on": ON.isoformat()})
    assert refused.status_code == 200 and "决定书文号" in refused.content.decode()
    cert_a.refresh_from_db()
    assert cert_a.status == "valid"
    done = client.post(url, {"reason_code": "sampling_failed", "on": ON.isoformat(),
                             "decision_number": "津滨市监认决〔2025〕4号",
                             "decision_date": ON.isoformat()})
    assert done.status_code == 302
    cert_a.refresh_from_db()
    assert cert_a.status == "suspended"
    assert cert_a.events.latest("id").decision_number == "津滨市监认决〔2025〕4号"


def test_the_command_asks_too(cert_a, supervisor):
    args = ["certificate_step", "suspend", cert_a.number, "--body", "CNCA-R-2002-001",
            "--signer", "supervisor", "--reason", "抽查不合格", "--on", ON.isoformat()]
    with pytest.raises(CommandError) as refused:
        call_command(*args)
    assert refused.value.returncode == 1 and "决定书文号" in str(refused.value)
    call_command(*args, "--decision-number", "津滨市监认决〔2025〕5号")
    cert_a.refresh_from_db()
    assert cert_a.status == "suspended"
    assert cert_a.events.latest("id").signed_by == supervisor


def test_a_bureau_import_asks_for_the_decision(tmp_path, cert_a, supervisor, cb_alice):
    def row(**extra):
        return {"certificate_number": cert_a.number, "body_approval_number": "CNCA-R-2002-001",
                "holder_uscc": cert_a.holder.uscc, "holder_name": cert_a.holder.name,
                "scheme_code": "ISO9001", "scope": cert_a.scope, "issued_on": "2025-01-10",
                "expires_on": "2028-01-09", "status": "withdrawn",
                "status_changed_on": ON.isoformat(), "status_reason": "严重不符合", **extra}
    plain = row()
    result = run_import("certificates", write_csv(tmp_path / "a.csv", [plain], header=list(plain)),
                        actor=as_actor(supervisor))
    assert not result.ok and "决定书文号" in result.errors.first[0].reason_zh
    with_decision = row(decision_number="津滨市监认决〔2025〕6号", decision_date=ON.isoformat())
    result = run_import("certificates", write_csv(tmp_path / "b.csv", [with_decision],
                                                  header=list(with_decision)),
                        actor=as_actor(supervisor))
    assert result.ok and result.updated == 1
    assert cert_a.events.latest("id").decision_number == "津滨市监认决〔2025〕6号"


# --- a reason and a named signer for every decision --------------------------------------


def test_an_import_that_changes_a_status_needs_a_reason(tmp_path, cert_a, cb_alice):
    plain = {"certificate_number": cert_a.number, "body_approval_number": "CNCA-R-2002-001",
             "holder_uscc": cert_a.holder.uscc, "holder_name": cert_a.holder.name,
             "scheme_code": "ISO9001", "scope": cert_a.scope, "issued_on": "2025-01-10",
             "expires_on": "2028-01-09", "status": "withdrawn"}
    result = run_import("certificates", write_csv(tmp_path / "c.csv", [plain], header=list(plain)),
                        actor=as_actor(cb_alice))
    assert not result.ok and result.errors.first[0].reason_en == "a reason is required"
    cert_a.refresh_from_db()
    assert cert_a.status == "valid"


def test_a_new_row_arriving_withdrawn_needs_a_reason(tmp_path, body_a, supervisor):
    result = run_import("certificates", write_csv(tmp_path / "c.csv",
                                                  [cert_row(1, status="withdrawn")]),
                        actor=as_actor(supervisor))
    assert not result.ok and "status_reason" in result.errors.first[0].reason_en


def test_the_lifecycle_command_needs_signer_and_reason(cert_a, supervisor):
    for missing in ("--signer", "--reason"):
        args = {"--signer": "supervisor", "--reason": "x"}
        args.pop(missing)
        flat = [v for pair in args.items() for v in pair]
        with pytest.raises(CommandError, match=missing):
            call_command("certificate_step", "cancel", cert_a.number, "--body",
                         "CNCA-R-2002-001", *flat)
    with pytest.raises(CommandError) as unknown:
        call_command("certificate_step", "cancel", cert_a.number, "--body", "CNCA-R-2002-001",
                     "--signer", "nobody", "--reason", "企业申请")
    assert unknown.value.returncode == 2
