"""Bodies and labs by status on a date, and the freshness of the bodies' data."""

import datetime as dt

from qualitycert.registry.models import BodyStatus, CertificationBody, Lab, LabStatus
from qualitycert.reports import queries
from qualitycert.testing.factories import make_body

D = dt.date(2025, 12, 31)


def _lab(cma, **fields):
    return Lab.objects.create(cma_number=cma, name=f"实验室{cma}", **fields)


def test_bodies_by_status(db):
    make_body("CNCA-R-2002-001", "在批", since=dt.date(2010, 1, 1))
    make_body("CNCA-R-2002-002", "已过批准期", approval_valid_until=dt.date(2025, 6, 30))
    make_body("CNCA-R-2002-003", "被暂停", status=BodyStatus.SUSPENDED)
    make_body("CNCA-R-2026-004", "年后才批准", since=dt.date(2026, 2, 1))
    counts = queries.bodies_by_status(D)
    assert counts == {"approved": 1, "expired": 1, "suspended": 1, "revoked": 0}


def test_labs_by_status(db):
    _lab("230012345678", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2026, 1, 1))
    _lab("230012345679", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2025, 1, 1))
    _lab("230012345680", status=LabStatus.REVOKED)
    _lab("230012345681", valid_from=dt.date(2026, 3, 1))
    assert queries.labs_by_status(D) == {"valid": 1, "expired": 1, "revoked": 1, "suspended": 0}


def test_body_data_freshness_buckets(db):
    reported = {
        "001": D, "002": D - dt.timedelta(days=30), "003": D - dt.timedelta(days=31),
        "004": D - dt.timedelta(days=365), "005": D - dt.timedelta(days=366), "006": None,
        "007": D + dt.timedelta(days=1),
    }
    for serial, day in reported.items():
        make_body(f"CNCA-R-2002-{serial}", f"机构{serial}", last_reported_on=day)
    # Not approved on the day: not counted at all.
    make_body("CNCA-R-2002-099", "被撤销", status=BodyStatus.REVOKED, last_reported_on=D)
    assert queries.body_data_freshness(D) == {
        "within_30_days": 2, "31_to_90_days": 1, "91_to_365_days": 1, "over_365_days": 1,
        "never": 1, "after_as_of": 1}
    assert CertificationBody.objects.count() == 8


def test_anomaly_counts_follow_the_registry_queries(registry):
    from qualitycert.registry.queries import anomalies

    counts = queries.anomaly_counts(D)
    assert counts == {kind.code: qs.count() for kind, qs in anomalies(D)}
    # Valid certificates issued over a year before D with no surveillance audit.
    assert counts["surveillance_overdue"] > 0
