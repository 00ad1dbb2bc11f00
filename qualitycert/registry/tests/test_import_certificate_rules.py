"""Row rules of the certificate import: each bad row is named, nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate
from qualitycert.testing.actors import as_actor

from .import_files import cert_row, write_csv


def _errors(tmp_path, rows, actor, **options):
    result = run_import("certificates", write_csv(tmp_path / "r.csv", rows), actor=as_actor(actor),
                        **options)
    assert not Certificate.objects.exists()
    return [(e.row, e.column, e.value, e.reason_zh, e.reason_en) for e in result.errors]


def test_duplicate_in_the_file_names_the_first_row(tmp_path, body_a, supervisor):
    rows = [cert_row(1), cert_row(2), cert_row(1, certificate_number="q00000001")]
    [(row, column, value, zh, _)] = _errors(tmp_path, rows, supervisor)
    assert (row, column, value) == (4, "certificate_number", "q00000001")
    assert "第2行" in zh


def test_same_number_at_two_bodies_is_fine(tmp_path, body_a, body_b, supervisor):
    rows = [cert_row(1), cert_row(1, body=body_b.approval_number)]
    result = run_import("certificates", write_csv(tmp_path / "r.csv", rows), actor=as_actor(supervisor))
    assert result.ok and result.created == 2


def test_body_not_approved_for_the_scheme(tmp_path, body_b, supervisor):
    rows = [cert_row(1, body=body_b.approval_number, scheme="ISO14001")]
    [(row, column, value, _, en)] = _errors(tmp_path, rows, supervisor)
    assert (row, column, value) == (2, "scheme_code", "ISO14001")
    assert "not approved for this scheme" in en


def test_approval_must_cover_the_issue_date(tmp_path, supervisor):
    from qualitycert.testing.factories import make_body

    make_body("CNCA-R-2020-010", "新机构", schemes=["ISO9001"], since=dt.date(2024, 6, 1))
    rows = [cert_row(1, body="CNCA-R-2020-010", issued_on="2024-05-31"),
            cert_row(2, body="CNCA-R-2020-010", issued_on="2024-06-01")]
    errors = _errors(tmp_path, rows, supervisor)
    assert [(e[0], e[1]) for e in errors] == [(2, "scheme_code")]


def test_unknown_body_and_malformed_approval_number(tmp_path, body_a, supervisor):
    rows = [cert_row(1, body="CNCA-R-2099-999"), cert_row(2, body="CNCA-2099-1")]
    errors = _errors(tmp_path, rows, supervisor)
    assert [(e[0], e[1]) for e in errors] == [(2, "body_approval_number"),
                                              (3, "body_approval_number")]
    assert "no certification body" in errors[0][4] and "CNCA-R-YYYY-NNN" in errors[1][4]


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\",\"点击\")", "@SUM(A1:A2)",
                                   "+86 22 1234 5678", "-cmd|' /C calc'!A0", "＝1+1"])
def test_formula_like_cells_are_refused(tmp_path, body_a, supervisor, value):
    [(row, column, shown, _, en)] = _errors(tmp_path, [cert_row(1, scope=value)], supervisor)
    assert (row, column, shown) == (2, "scope", value)
    assert "formula" in en


def test_negative_number_is_not_a_formula(tmp_path, body_a, supervisor):
    result = run_import("certificates", write_csv(tmp_path / "r.csv", [cert_row(1, scope="-5")]),
                        actor=as_actor(supervisor))
    assert result.ok


def test_every_bad_cell_of_a_row_is_reported(tmp_path, body_a, supervisor):
    row = cert_row(1, holder_uscc="91120116000000018X", issued_on="2024-13-01", status="good")
    columns = {e[1] for e in _errors(tmp_path, [row], supervisor)}
    assert columns == {"holder_uscc", "issued_on", "status"}


def test_dates_must_be_in_order_and_not_in_the_future(tmp_path, body_a, supervisor):
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    within_validity = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    rows = [cert_row(1, expires_on="2023-12-31"), cert_row(2, issued_on=future,
                                                           expires_on=within_validity)]
    errors = _errors(tmp_path, rows, supervisor)
    assert [(e[0], e[1]) for e in errors] == [(2, "expires_on"), (3, "issued_on")]


def test_expired_status_needs_a_past_end_date(tmp_path, body_a, supervisor):
    [(_, column, _, _, _)] = _errors(tmp_path, [cert_row(1, status="过期")], supervisor,
                                     today=dt.date(2024, 6, 1))
    assert column == "status"


def test_holder_name_must_agree_within_the_file(tmp_path, body_a, supervisor):
    rows = [cert_row(1, holder_name="甲公司"), cert_row(1001, holder_name="甲 公司"),
            cert_row(2001, holder_name="乙公司")]
    assert rows[0]["holder_uscc"] == rows[2]["holder_uscc"]
    [(row, column, value, _, _)] = _errors(tmp_path, rows, supervisor)
    assert (row, column, value) == (4, "holder_name", "乙公司")


def test_people_typed_identifiers_and_dates_are_accepted(tmp_path, body_a, supervisor):
    row = cert_row(1, certificate_number="ｑ０００ ０１", holder_uscc=" 「" + cert_row(1)[
        "holder_uscc"].lower() + "」", issued_on="2024/1/5", expires_on="2027年1月4日",
        status=" 有效 ", body="cnca-r-2002-001")
    result = run_import("certificates", write_csv(tmp_path / "r.csv", [row]), actor=as_actor(supervisor))
    assert result.ok, [str(e) for e in result.errors]
    cert = Certificate.objects.get()
    assert (cert.number, cert.issued_on, cert.expires_on) == ("Q00001", dt.date(2024, 1, 5),
                                                             dt.date(2027, 1, 4))


def test_operator_rows_for_another_body_are_errors(tmp_path, body_a, cert_a, cb_bob):
    rows = [cert_row(1, body="CNCA-R-2003-002"), cert_row(2, body=body_a.approval_number),
            cert_row(3, certificate_number=cert_a.number, body=body_a.approval_number)]
    result = run_import("certificates", write_csv(tmp_path / "r.csv", rows), actor=as_actor(cb_bob))
    errors = list(result.errors)
    assert [(e.row, e.column) for e in errors] == [(3, "body_approval_number"),
                                                   (4, "body_approval_number")]
    # The refusal says nothing about what body A holds.
    assert all("own body" in e.reason_en for e in errors)
    assert Certificate.objects.count() == 1


def test_long_values_are_cut_in_the_report(tmp_path, body_a, supervisor):
    [(_, _, value, _, _)] = _errors(tmp_path, [cert_row(1, status="x" * 500)], supervisor)
    assert len(value) == 101 and value.endswith("…")


def test_extra_cells_beyond_the_header_are_refused(tmp_path, body_a, supervisor):
    path = write_csv(tmp_path / "r.csv", [cert_row(1)])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("Q2,CNCA-R-2002-001,x,y,ISO9001,s,2024-01-01,2026-01-01,valid,extra\n")
    result = run_import("certificates", path, actor=as_actor(supervisor))
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]


@pytest.mark.parametrize("held", [3, 10_000])
def test_errors_are_listed_in_row_order(tmp_path, body_a, cert_a, supervisor, monkeypatch,
                                        held):
    from qualitycert.registry.importers import certificates

    monkeypatch.setattr(certificates, "HELD_ERRORS", held)
    # Row 2 fails against the database (a chunk later than row 3's cell error).
    rows = [cert_row(1, certificate_number=cert_a.number), cert_row(2, status="bad"),
            cert_row(3), *(cert_row(n, status="bad") for n in range(4, 12))]
    result = run_import("certificates", write_csv(tmp_path / "r.csv", rows), actor=as_actor(supervisor))
    numbers = [e.row for e in result.errors]
    assert numbers == [2, 3, *range(5, 13)] and result.errors.rows_with_errors == 10
    assert [e.row for e in result.errors.first] == numbers
