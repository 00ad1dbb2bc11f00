import datetime as dt

import pytest

from qualitycert.procurement.batch import BatchItem, verify_batch
from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _one(**item):
    return verify_batch([BatchItem(**item)])[0]


@pytest.mark.parametrize("state", ["valid", "suspended", "withdrawn", "cancelled", "expired"])
def test_verdict_is_the_live_state(cert_a, in_state, state):
    in_state(cert_a, state)
    result = _one(certificate_number=cert_a.number, holder_uscc=cert_a.holder.uscc)
    assert result.verdict == state
    assert result.certificate.number == cert_a.number


def test_past_end_date_is_expired(issue, body_a, holder):
    old = issue(body_a, holder, "OLD-1", issued_on=dt.date(2019, 1, 1))
    assert _one(certificate_number=old.number).verdict == "expired"


def test_not_found(db):
    assert _one(certificate_number="NOPE").verdict == "not_found"
    assert _one(holder_uscc="91120116MA05ABCD1X").verdict == "not_found"


def test_holder_mismatch(cert_a):
    other = make_enterprise("别的公司")
    result = _one(certificate_number=cert_a.number, holder_uscc=other.uscc)
    assert result.verdict == "holder_mismatch"
    assert _one(certificate_number=cert_a.number,
                holder_name="北京完全不同的贸易公司").verdict == "holder_mismatch"
    assert _one(certificate_number=cert_a.number,
                holder_name="天津滨海测试制造有限公司").verdict == "valid"


def test_full_width_input(cert_a):
    result = _one(certificate_number="００１２５ｑ１０００１ｒ０ｍ",
                  holder_uscc=" " + cert_a.holder.uscc.lower() + " ")
    assert result.verdict == "valid"


def test_same_number_at_two_bodies_is_ambiguous_until_body_given(issue, cert_a, body_b, holder,
                                                                  in_state):
    issue(body_b, holder, cert_a.number)
    in_state(cert_a, "withdrawn")  # the real one is withdrawn; a forger borrows the number
    for item in ({}, {"holder_uscc": holder.uscc}, {"holder_name": holder.name}):
        result = _one(certificate_number=cert_a.number, **item)
        assert result.verdict == "ambiguous" and result.certificate is None
        assert result.candidates == ["CNCA-R-2002-001", "CNCA-R-2003-002"]
        assert "body" in result.note
    chosen = _one(certificate_number=cert_a.number, body="cnca-r-2003-002")
    assert chosen.verdict == "valid" and not chosen.candidates
    assert chosen.certificate.body_approval_number == "CNCA-R-2003-002"
    assert _one(certificate_number=cert_a.number, body="CNCA-R-2002-001").verdict == "withdrawn"


def test_required_scheme(cert_a, in_state):
    uscc = cert_a.holder.uscc
    assert _one(certificate_number=cert_a.number, required_scheme="iso9001").scheme_covered is True
    assert _one(certificate_number=cert_a.number,
                required_scheme="management_system").scheme_covered is True
    assert _one(certificate_number=cert_a.number, required_scheme="HACCP").scheme_covered is False
    assert _one(holder_uscc=uscc, required_scheme="ISO9001").scheme_covered is True
    missing = _one(holder_uscc=uscc, required_scheme="ISO14001")
    # The enterprise is registered, it holds no ISO14001 certificate.
    assert missing.scheme_covered is False and missing.verdict == "no_certificate"
    assert _one(certificate_number=cert_a.number).scheme_covered is None
    unknown = _one(certificate_number=cert_a.number, required_scheme="NOT-A-SCHEME")
    assert unknown.scheme_covered is None and "未知的认证项目" in unknown.note
    in_state(cert_a, "suspended")
    result = _one(certificate_number=cert_a.number, required_scheme="ISO9001")
    assert result.verdict == "suspended" and result.scheme_covered is False


def test_holder_only_prefers_a_valid_certificate(issue, body_a, holder, in_state):
    first = issue(body_a, holder, "H-1")
    issue(body_a, holder, "H-2", scheme="ISO14001")
    in_state(first, "withdrawn")
    result = _one(holder_uscc=holder.uscc)
    assert result.verdict == "valid" and result.certificate.number == "H-2"


def test_name_only_with_score(cert_a):
    result = _one(holder_name="天津滨海测试制造", required_scheme="ISO9001")
    assert result.verdict == "valid" and result.scheme_covered is True
    assert result.name_match.uscc == cert_a.holder.uscc and result.name_match.score == 100
    far = _one(holder_name="上海某某贸易")
    assert far.verdict == "not_found"


def test_thousand_items_in_a_handful_of_queries(cert_a, cert_b, django_assert_max_num_queries):
    items = [BatchItem(certificate_number=f"N-{n}") for n in range(997)]
    items += [BatchItem(certificate_number=cert_a.number, required_scheme="ISO9001"),
              BatchItem(holder_uscc=cert_a.holder.uscc),
              BatchItem(holder_name="天津滨海测试制造有限公司")]
    # scheme table, 2 number chunks, enterprise by USCC, exact names, certificates by holder;
    # the 997 numbers no certificate carries, as declaration numbers in 2 chunks
    with django_assert_max_num_queries(9):
        results = verify_batch(items)
    assert len(results) == 1000
    assert [r.verdict for r in results[-3:]] == ["valid", "valid", "valid"]
    assert {r.verdict for r in results[:997]} == {"not_found"}
