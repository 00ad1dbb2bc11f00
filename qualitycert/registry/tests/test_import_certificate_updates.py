"""Changed rows of existing certificates go through the lifecycle actions."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.registry import actions
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate, CertificateEvent, EventKind
from qualitycert.testing.actors import any_decision, as_actor

from .import_files import write_csv

ON = dt.date(2025, 6, 1)


def row_for(cert: Certificate, **changes: str) -> dict[str, str]:
    row = {
        "certificate_number": cert.number, "body_approval_number": cert.body.approval_number,
        "holder_uscc": cert.holder.uscc, "holder_name": cert.holder.name,
        "scheme_code": cert.scheme.code, "scope": cert.scope,
        "issued_on": cert.issued_on.isoformat(), "expires_on": cert.expires_on.isoformat(),
        "status": cert.status,
    }
    row.update(changes)
    if row["status"] in {"suspended", "暂停", "withdrawn", "撤销"}:
        # The importing bureau clerk suspends or withdraws by decision.
        row.setdefault("decision_number", "津滨市监认决〔2020〕1号")
        row.setdefault("decision_date", "2020-01-01")
    return row


def _import(tmp_path, rows, actor, **options):
    return run_import("certificates", write_csv(tmp_path / "u.csv", rows), actor=as_actor(actor),
                      **options)


def _snapshot():
    return (Certificate.objects.count(), CertificateEvent.objects.count(),
            AuditEntry.objects.count())


def test_status_change_goes_through_the_suspend_action(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, status="暂停", status_changed_on=ON.isoformat(),
                                        status_reason="未按期接受监督审核")], supervisor)
    assert result.ok and result.updated == 1 and result.created == 0
    cert_a.refresh_from_db()
    assert cert_a.status == "suspended" and cert_a.status_changed_on == ON
    assert cert_a.status_signed_by == supervisor
    event = cert_a.events.latest("id")
    assert (event.kind, event.reason, event.occurred_on) == (EventKind.SUSPEND,
                                                              "未按期接受监督审核", ON)
    audit = AuditEntry.objects.filter(action="certificate.suspend", object_id=str(cert_a.pk))
    assert audit.count() == 1
    batch = AuditEntry.objects.get(action="certificate.import")
    assert batch.after["updated"] == 1
    assert first_break() is None


def test_a_status_change_without_a_reason_is_refused(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, status="withdrawn")], supervisor)
    assert not result.ok and result.errors.first[0].reason_en == "a reason is required"
    assert cert_a.events.latest("id").kind == EventKind.ISSUE


def test_default_reason_names_the_batch_and_row(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, scope="新的认证范围")], supervisor)
    event = cert_a.events.latest("id")
    assert event.kind == EventKind.CORRECT
    assert f"#{result.batch.pk}" in event.reason and "第2行" in event.reason


def test_reimporting_after_a_change_changes_nothing(tmp_path, cert_a, supervisor):
    rows = [row_for(cert_a, status="suspended", status_reason="整改")]
    _import(tmp_path, rows, supervisor)
    before = _snapshot()
    result = _import(tmp_path, rows, supervisor)
    assert result.unchanged == 1 and result.updated == 0
    assert _snapshot() == before


def test_restore_from_suspended(tmp_path, cert_a, supervisor):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=ON, decision=any_decision())
    assert _import(tmp_path, [row_for(cert_a, status="有效", status_reason="整改完成")],
                   supervisor).ok
    cert_a.refresh_from_db()
    assert cert_a.status == "valid"
    assert cert_a.events.latest("id").kind == EventKind.RESTORE


def test_lifecycle_forbidden_change_is_a_row_error(tmp_path, cert_a, supervisor):
    actions.withdraw_certificate(cert_a, reason="严重不符合", actor=as_actor(supervisor), on=ON, decision=any_decision())
    before = _snapshot()
    result = _import(tmp_path, [row_for(cert_a, status="valid")], supervisor)
    assert not result.ok
    error = result.errors.first[0]
    assert (error.row, error.column, error.value) == (2, "status", "valid")
    assert "不能执行“恢复" in error.reason_zh and "allowed only from: suspended" in error.reason_en
    assert _snapshot() == before


def test_expired_back_to_valid_needs_a_renewal(tmp_path, cert_a, supervisor):
    actions.expire_certificate(cert_a, actor=as_actor(supervisor), on=dt.date(2028, 2, 1))
    result = _import(tmp_path, [row_for(cert_a, status="valid")], supervisor)
    assert "换证" in result.errors.first[0].reason_zh


def test_expiring_before_the_end_date_is_refused(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, status="过期")], supervisor, today=ON)
    error = result.errors.first[0]
    assert error.column == "status" and "has not passed" in error.reason_en


def test_renewal_goes_through_the_renew_action(tmp_path, cert_a, supervisor):
    issued, expires = dt.date(2026, 1, 10), dt.date(2029, 1, 9)
    result = _import(tmp_path, [row_for(cert_a, issued_on=issued.isoformat(),
                                        expires_on=expires.isoformat())], supervisor)
    assert result.ok and result.updated == 1
    cert_a.refresh_from_db()
    assert (cert_a.issued_on, cert_a.expires_on) == (issued, expires)
    assert cert_a.events.latest("id").kind == EventKind.RENEW


def test_other_date_changes_are_refused(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, expires_on="2027-06-30")], supervisor)
    error = result.errors.first[0]
    assert error.column == "expires_on" and "renewal" in error.reason_en


def test_surveillance_audit_is_recorded(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, last_surveillance_on=ON.isoformat())],
                     supervisor)
    assert result.ok
    cert_a.refresh_from_db()
    assert cert_a.last_surveillance_on == ON
    assert cert_a.events.latest("id").kind == EventKind.SURVEILLANCE


def test_surveillance_before_suspension_in_one_row(tmp_path, cert_a, supervisor):
    row = row_for(cert_a, last_surveillance_on=ON.isoformat(), status="suspended",
                  status_changed_on="2025-07-01", status_reason="监督审核发现严重不符合")
    assert _import(tmp_path, [row], supervisor).ok
    kinds = list(cert_a.events.order_by("id").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.SURVEILLANCE, EventKind.SUSPEND]


def test_earlier_surveillance_date_is_refused(tmp_path, cert_a, supervisor):
    actions.record_surveillance(cert_a, audited_on=ON, actor=as_actor(supervisor))
    result = _import(tmp_path, [row_for(cert_a, last_surveillance_on="2025-03-01")], supervisor)
    assert result.errors.first[0].column == "last_surveillance_on"


def test_scope_change_is_a_signed_correction(tmp_path, cert_a, supervisor):
    assert _import(tmp_path, [row_for(cert_a, scope="扩大后的认证范围")], supervisor).ok
    cert_a.refresh_from_db()
    assert cert_a.scope == "扩大后的认证范围"
    event = cert_a.events.latest("id")
    assert event.kind == EventKind.CORRECT and event.signed_by == supervisor
    assert AuditEntry.objects.filter(action="certificate.correct").count() == 1


def test_holder_mismatch_is_refused(tmp_path, cert_a, supervisor):
    from qualitycert.testing.factories import make_enterprise

    other = make_enterprise("另一家公司")
    result = _import(tmp_path, [row_for(cert_a, holder_uscc=other.uscc,
                                        holder_name=other.name)], supervisor)
    error = result.errors.first[0]
    assert error.column == "holder_uscc" and "another holder" in error.reason_en


def test_scheme_change_is_refused(tmp_path, cert_a, supervisor):
    result = _import(tmp_path, [row_for(cert_a, scheme_code="ISO14001")], supervisor)
    assert result.errors.first[0].column == "scheme_code"


def test_body_operator_signs_their_own_change(tmp_path, cert_a, cb_alice):
    assert _import(tmp_path, [row_for(cert_a, status="cancelled", status_reason="企业申请")],
                   cb_alice).ok
    cert_a.refresh_from_db()
    assert cert_a.status == "cancelled" and cert_a.status_signed_by == cb_alice


@pytest.mark.parametrize("status", ["suspended", "withdrawn"])
def test_one_bad_row_blocks_the_good_changes(tmp_path, cert_a, cert_b, supervisor, status):
    before = _snapshot()
    rows = [row_for(cert_a, status=status, status_reason="x"),
            row_for(cert_b, scheme_code="NOPE")]
    assert not _import(tmp_path, rows, supervisor).ok
    cert_a.refresh_from_db()
    assert cert_a.status == "valid" and _snapshot() == before


# -- steps in date order ------------------------------------------------------

LATER = dt.date(2025, 9, 1)


def test_status_change_dated_before_the_current_state_is_a_row_error(tmp_path, cert_a, cert_b,
                                                                       supervisor):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=LATER, decision=any_decision())
    before = _snapshot()
    rows = [row_for(cert_b, status="suspended", status_changed_on=LATER.isoformat(),
                    status_reason="专项检查"),  # a good change
            row_for(cert_a, status="withdrawn", status_changed_on="2025-08-01",
                    status_reason="严重不符合")]
    result = _import(tmp_path, rows, supervisor)
    assert not result.ok
    [error] = result.errors.first
    assert (error.row, error.column, error.value) == (3, "status_changed_on",
                                                      "2025-08-01")
    assert error.reason_zh == "变更日期早于证书当前状态的日期（2025-09-01），请按时间顺序登记"
    assert "dated before the certificate's current state (2025-09-01)" in error.reason_en
    assert _snapshot() == before
    cert_a.refresh_from_db()
    cert_b.refresh_from_db()
    assert (cert_a.status, cert_b.status) == ("suspended", "valid")


def test_every_back_dated_row_is_reported(tmp_path, issue, body_a, holder, cert_a, supervisor):
    # cert_a: suspended since LATER; the file withdraws it with the default
    # date (the import's `today`, before LATER).
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=LATER, decision=any_decision())
    # renewed: valid since LATER; the file renews it again dated before that.
    renewed = issue(body_a, holder, "RENEWED-1")
    actions.suspend_certificate(renewed, reason="暂停", actor=as_actor(supervisor), on=ON, decision=any_decision())
    actions.restore_certificate(renewed, reason="恢复", actor=as_actor(supervisor), on=LATER)
    before = _snapshot()
    rows = [row_for(cert_a, status="withdrawn", status_reason="撤销"),
            row_for(renewed, issued_on="2025-08-01", expires_on="2028-07-31")]
    result = _import(tmp_path, rows, supervisor, today=dt.date(2025, 8, 15))
    assert not result.ok
    found = {(e.row, e.column, e.value) for e in result.errors.first}
    assert found == {(2, "status", "withdrawn"),
                     (3, "issued_on", "2025-08-01")}
    assert all("2025-09-01" in e.reason_zh for e in result.errors.first)
    assert _snapshot() == before


def test_status_change_on_the_day_of_the_current_state_is_imported(tmp_path, cert_a,
                                                                    supervisor):
    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), on=LATER, decision=any_decision())
    result = _import(tmp_path, [row_for(cert_a, status="withdrawn",
                                        status_changed_on=LATER.isoformat(),
                                        status_reason="撤销")], supervisor)
    assert result.ok and result.updated == 1
    cert_a.refresh_from_db()
    assert (cert_a.status, cert_a.status_changed_on) == ("withdrawn", LATER)

