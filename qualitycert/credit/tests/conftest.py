"""An archive to look at: the holder with a certificate, a penalty, a grade
and a dishonesty entry; another enterprise with its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qualitycert.credit import actions
from qualitycert.testing.actors import as_actor

from .builders import plant, published


@pytest.fixture
def archive(supervisor, holder, cert_a) -> dict[str, Any]:
    from qualitycert.testing.factories import make_enterprise

    actor = as_actor(supervisor)
    actions.sync_registry_facts(actor=actor)
    penalty = actions.enter_fact(enterprise=holder, kind="penalty",
                                 occurred_on=dt.date(2025, 5, 1), reference="津滨市监罚〔2025〕8号",
                                 summary="生产不合格产品", actor=actor)
    entry = actions.list_dishonesty(
        enterprise=holder, criterion="misused_certificate", legal_basis="《认证认可条例》第六十九条",
        decision_number="津滨市监信〔2026〕2号", authority="滨海新区市场监管局",
        starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2029, 1, 5),
        measures=["public_listing"], actor=actor)
    other = make_enterprise("另一家测试企业有限公司")
    plant(other, "brand", dt.date(2024, 1, 1))
    other_entry = actions.list_dishonesty(
        enterprise=other, criterion="refused_inspection", legal_basis="《产品质量法》",
        decision_number="津滨市监信〔2026〕3号", authority="滨海新区市场监管局",
        starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2027, 1, 5),
        measures=["public_listing"], actor=actor)
    model = published(actor)
    run = actions.grade_enterprises(as_of=dt.date(2026, 6, 30), actor=actor)
    return {"enterprise": holder, "penalty": penalty, "entry": entry, "other": other,
            "other_entry": other_entry, "model": model, "run": run}
