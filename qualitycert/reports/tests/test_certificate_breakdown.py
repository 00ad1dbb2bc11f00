"""`certificate_breakdown(as_of)` against independent SQL: a window function over
the event history (no status_changed_on shortcut, no Python grouping)."""

from __future__ import annotations

import pytest
from django.db import connection

from qualitycert.reports.queries import DIMENSIONS, certificate_breakdown

from .conftest import D_PREV, D

# Every fixture certificate but one has a history; that one (IMP-1) is judged
# by its stored status when it changed before the day, which this SQL repeats.
INDEPENDENT_VALID = """
WITH ranked AS (
    SELECT e.certificate_id, e.to_status,
           ROW_NUMBER() OVER (PARTITION BY e.certificate_id
                              ORDER BY e.occurred_on DESC, e.id DESC) AS rn
    FROM registry_certificateevent e
    WHERE e.occurred_on <= %(day)s
      AND e.kind IN ('issue', 'suspend', 'restore', 'withdraw', 'cancel', 'expire', 'renew')
), valid AS (
    SELECT c.id, c.holder_id, c.scheme_id, c.body_id
    FROM registry_certificate c LEFT JOIN ranked r ON r.certificate_id = c.id AND r.rn = 1
    WHERE c.expires_on >= %(day)s AND (
        (r.certificate_id IS NOT NULL AND r.to_status = 'valid')
        OR (r.certificate_id IS NULL AND c.status_changed_on <= %(day)s
            AND c.status = 'valid' AND c.issued_on <= %(day)s)
        OR (r.certificate_id IS NULL AND c.status_changed_on > %(day)s
            AND c.issued_on <= %(day)s))
)
"""

GROUPINGS = {
    "category": ("s.category", "JOIN registry_scheme s ON s.id = v.scheme_id"),
    "scheme": ("s.code", "JOIN registry_scheme s ON s.id = v.scheme_id"),
    "body": ("b.approval_number", "JOIN registry_certificationbody b ON b.id = v.body_id"),
    "industry": ("CASE WHEN UPPER(SUBSTR(e.industry_code, 1, 1)) BETWEEN 'A' AND 'T' "
                 "THEN UPPER(SUBSTR(e.industry_code, 1, 1)) ELSE '?' END",
                 "JOIN registry_enterprise e ON e.id = v.holder_id"),
}


def _sql_groups(day, dimension):
    key, join = GROUPINGS[dimension]
    sql = (INDEPENDENT_VALID + f"SELECT {key}, COUNT(*), COUNT(DISTINCT v.holder_id) "
           f"FROM valid v {join} GROUP BY {key}")
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("%(day)s", "%s"), [day] * sql.count("%(day)s"))
        return {k: (c, e) for k, c, e in cursor.fetchall()}


def _sql_total(day):
    sql = INDEPENDENT_VALID + "SELECT COUNT(*), COUNT(DISTINCT holder_id) FROM valid"
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("%(day)s", "%s"), [day] * sql.count("%(day)s"))
        return cursor.fetchone()


@pytest.mark.parametrize("day", [D, D_PREV])
def test_every_group_equals_independent_sql(registry, day):
    breakdown = certificate_breakdown(day)
    assert (breakdown.total.certificates, breakdown.total.enterprises) == _sql_total(day)
    for dim in DIMENSIONS:
        got = {g.key: (g.certificates, g.enterprises) for g in breakdown.by[dim]}
        assert got == _sql_groups(day, dim), dim


def test_hand_counted_figures(registry):
    now = certificate_breakdown(D)
    assert (now.total.certificates, now.total.enterprises) == (8, 4)
    categories = {g.key: (g.certificates, g.enterprises) for g in now.by["category"]}
    # The service certificate was withdrawn only in 2026: it counts for 2025.
    assert categories == {"management_system": (5, 4), "food_agri": (1, 1), "product": (1, 1),
                          "service": (1, 1)}
    industries = {g.key: (g.certificates, g.enterprises) for g in now.by["industry"]}
    # "" and a bare division number both fold into the unclassified group.
    assert industries == {"C": (2, 1), "F": (2, 1), "?": (4, 2)}
    assert [g.key for g in now.by["industry"]][-1] == "?"


def test_agrees_with_the_plan_targets_count(registry):
    """The report and the plan's targets count certified enterprises alike."""
    targets = pytest.importorskip("qualitycert.plan.targets")
    for day in (D, D_PREV):
        ours = {g.key: g.enterprises for g in certificate_breakdown(day).by["category"]}
        theirs = {k: v for k, v in targets.certified_enterprises_by_category(day).items() if v}
        assert ours == theirs, day


def test_a_fixed_number_of_queries(registry, django_assert_max_num_queries):
    """Three small lookups plus two streamed queries, whatever the size."""
    with django_assert_max_num_queries(6):
        certificate_breakdown(D)


def test_empty_registry(db):
    breakdown = certificate_breakdown(D)
    assert breakdown.total.certificates == 0 and breakdown.total.enterprises == 0
    assert all(groups == [] for groups in breakdown.by.values())
