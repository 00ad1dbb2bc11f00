"""三、anomalies as they stood on the report's year end, never as of today."""

import datetime as dt

from qualitycert.registry import actions
from qualitycert.registry.models import (
    Certificate,
    CertificateStatus,
    LegalStatus,
    Scheme,
)
from qualitycert.reports import queries
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise

from .conftest import D


def _issued_2026_outside_approval(body_b):
    # body_b is not approved for ORGANIC; imported as issued in 2026.
    holder = make_enterprise("二〇二六新证有限公司", industry_code="C3411")
    return Certificate.objects.create(
        number="ANOM-2026", body=body_b, holder=holder, scheme=Scheme.objects.get(code="ORGANIC"),
        issued_on=dt.date(2026, 2, 1), expires_on=dt.date(2029, 1, 31),
        status=CertificateStatus.VALID, status_changed_on=dt.date(2026, 2, 1))


def test_nothing_issued_after_the_year_end_is_listed(registry, body_b):
    late = _issued_2026_outside_approval(body_b)
    today = dict(queries.anomaly_counts(dt.date(2026, 6, 30)))
    assert today["scheme_not_approved"] >= 1
    examples = queries.anomaly_examples(D)
    assert all(e.issued_on <= D for e in examples)
    assert late.number not in {e.number for e in examples}


def test_a_suspension_after_the_year_end_is_not_counted(registry, supervisor):
    cert = registry.certs["plain"]
    actions.suspend_certificate(cert, reason="未按期监督审核", actor=as_actor(supervisor),
                                on=dt.date(2026, 1, 20), decision=any_decision())
    assert queries.anomaly_counts(dt.date(2026, 12, 31))["suspended_too_long"] >= 1
    numbers = {e.number for e in queries.anomaly_examples(D) if e.kind == "suspended_too_long"}
    assert cert.number not in numbers


def test_suspended_on_the_year_end_counts_though_restored_since(registry, supervisor):
    cert = registry.certs["suspended_2025"]  # suspended 2025-06-01, over six months by D
    actions.restore_certificate(cert, reason="整改完成", actor=as_actor(supervisor),
                                on=dt.date(2026, 2, 1))
    numbers = {e.number for e in queries.anomaly_examples(D) if e.kind == "suspended_too_long"}
    assert cert.number in numbers


def test_holder_gone_only_for_certificates_valid_on_the_year_end(registry):
    shop = registry.enterprises.shop  # holds NEW-2025 (valid) and FUTURE-1 (issued 2026)
    shop.legal_status = LegalStatus.REVOKED
    shop.save(update_fields=["legal_status"])
    numbers = {e.number for e in queries.anomaly_examples(D) if e.kind == "holder_gone"}
    assert "NEW-2025" in numbers
    assert "FUTURE-1" not in numbers


def test_renewed_since_shows_the_issue_date_of_its_period_then(registry, supervisor):
    cert = registry.certs["plain"]  # issued 2024-03-01, valid on D
    actions.renew_certificate(cert, issued_on=dt.date(2026, 2, 1), expires_on=dt.date(2029, 1, 31),
                              actor=as_actor(supervisor))
    holder = registry.enterprises.manufacturer
    holder.legal_status = LegalStatus.DEREGISTERED
    holder.save(update_fields=["legal_status"])
    listed = {e.number: e for e in queries.anomaly_examples(D) if e.kind == "holder_gone"}
    assert listed[cert.number].issued_on == dt.date(2024, 3, 1)
