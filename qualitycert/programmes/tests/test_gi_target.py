"""The seed's GI target (地理标志证明商标和地理标志保护产品 5件) is counted
from GI records, in GET /api/v1/plan/targets, like every other target."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_every_seed_target_is_computed_from_records(client, planted):
    targets = client.get("/api/v1/plan/targets").json()
    assert {t["indicator"] for t in targets} <= {
        "certified_enterprises", "tech_leader_brand_share", "sampling_pass_rate", "records"}
    gi = next(t for t in targets if t["code"] == "geographical_indications")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM programmes_giproduct WHERE registered_on <= %s AND "
                       "(ended_on IS NULL OR ended_on > %s) AND kind IN "
                       "('certification_mark', 'protected_product')",
                       [planted.day, planted.day])
        (count,) = cursor.fetchone()
    assert gi["value"] == count == 2
    assert gi["goal"] == 5 and gi["met"] is False
    assert "地理标志记录" in gi["source"]


def test_gi_target_on_a_past_day(client, planted):
    targets = client.get("/api/v1/plan/targets?as_of=2019-06-30").json()
    gi = next(t for t in targets if t["code"] == "geographical_indications")
    assert gi["value"] == 3  # G1, G2 and G3 (ended 2020) were in force; G4 is agricultural


def test_an_unknown_measure_has_no_value(plan):
    from qualitycert.plan.targets import compute_targets

    plan.targets.filter(code="geographical_indications").update(params={"measure": "nope"})
    gi = next(v for v in compute_targets(dt.date(2024, 1, 1), plan)
              if v.code == "geographical_indications")
    assert gi.value is None and gi.met is False and "无数据" in gi.source
