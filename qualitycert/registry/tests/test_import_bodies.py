"""import-bodies: bodies and their scheme approvals, each change audited."""

from __future__ import annotations

import datetime as dt

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import run_import
from qualitycert.registry.importers.bodies import parse_approvals
from qualitycert.registry.models import BodySchemeApproval, CertificationBody, Scheme
from qualitycert.testing.actors import as_actor

from .import_files import cert_row, write_csv


def body(**changes: str) -> dict[str, str]:
    row = {"approval_number": "CNCA-R-2010-050", "name": "滨海认证有限公司",
           "approved_on": "2010-05-01", "approval_valid_until": "2030-04-30", "status": "批准",
           "schemes": "ISO9001; ISO14001:2012-01-01~2020-12-31；CCC：2015-03-01～"}
    row.update(changes)
    return row


def _import(tmp_path, rows, actor):
    return run_import("bodies", write_csv(tmp_path / "b.csv", rows), actor=as_actor(actor))


def test_body_with_approvals_then_exactly_once(tmp_path, supervisor):
    assert _import(tmp_path, [body()], supervisor).created == 1
    saved = CertificationBody.objects.get()
    approvals = {(a.scheme.code, a.valid_from, a.valid_until) for a in saved.approvals.all()}
    assert approvals == {("ISO9001", dt.date(2010, 5, 1), None),
                         ("ISO14001", dt.date(2012, 1, 1), dt.date(2020, 12, 31)),
                         ("CCC", dt.date(2015, 3, 1), None)}
    audits = AuditEntry.objects.count()
    assert _import(tmp_path, [body()], supervisor).unchanged == 1
    assert AuditEntry.objects.count() == audits


def test_imported_body_is_used_by_the_certificate_import(tmp_path, supervisor):
    _import(tmp_path, [body()], supervisor)
    rows = [cert_row(1, body="CNCA-R-2010-050", scheme="ISO14001", issued_on="2019-01-01",
                     expires_on="2021-12-31"),
            cert_row(2, body="CNCA-R-2010-050", scheme="ISO14001", issued_on="2021-01-05",
                     expires_on="2024-01-04")]
    result = run_import("certificates", write_csv(tmp_path / "c.csv", rows), actor=as_actor(supervisor))
    assert [(e.row, e.column) for e in result.errors] == [(3, "scheme_code")]


def test_ending_an_approval_updates_it(tmp_path, supervisor):
    _import(tmp_path, [body()], supervisor)
    result = _import(tmp_path, [body(schemes="ISO9001:2010-05-01~2025-12-31")], supervisor)
    assert result.updated == 1
    approval = BodySchemeApproval.objects.get(scheme__code="ISO9001")
    assert approval.valid_until == dt.date(2025, 12, 31)
    assert BodySchemeApproval.objects.count() == 3  # the others are left alone
    entry = AuditEntry.objects.get(action="body.update")
    assert ["ISO9001", "2010-05-01", None] in entry.before["approvals"]
    assert ["ISO9001", "2010-05-01", "2025-12-31"] in entry.after["approvals"]


def test_bad_rows(tmp_path, supervisor):
    rows = [body(), body(approval_number="CNCA-R-2010-051", schemes="NOPE:2010-01-01"),
            body(approval_number="CNCA-R-10-1"),
            body(approval_number="CNCA-R-2010-052", approval_valid_until="2009-01-01"),
            body(approval_number="CNCA-R-2010-053", approved_on="", schemes="CCC")]
    result = _import(tmp_path, rows, supervisor)
    assert [(e.row, e.column.split()[-1]) for e in result.errors] == [
        (3, "schemes"), (4, "approval_number"), (5, "approval_valid_until"), (6, "schemes")]
    assert not CertificationBody.objects.exists()


def test_approval_format(db):
    schemes = dict(Scheme.objects.values_list("code", "pk"))
    assert parse_approvals("iso9001 ; CCC:2015-03-01~2020-01-01", schemes) == [
        (schemes["ISO9001"], None, None), (schemes["CCC"], "2015-03-01", "2020-01-01")]
