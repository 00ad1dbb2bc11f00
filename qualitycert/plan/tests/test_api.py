"""GET /api/v1/plan/tasks and /api/v1/plan/targets: public, fields as DESIGN.md §4."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from qualitycert.registry import actions as registry_actions
from qualitycert.testing.actors import any_decision, as_actor


@pytest.fixture
def anonymous() -> Client:
    return Client()


def test_tasks_one_entry_per_work_item(plan, anonymous):
    response = anonymous.get("/api/v1/plan/tasks")
    assert response.status_code == 200
    items = response.json()
    assert len(items) == 24
    assert {"task_number", "item", "content", "lead_unit", "units"} <= set(items[0])
    three = [i for i in items if i["task_number"] == 3]
    assert [i["item"] for i in three] == [1, 2]
    assert three[1]["lead_unit"] == "区科技局"
    assert three[1]["units"][0] == three[1]["lead_unit"]
    assert three[1]["units"][-1] == "区市场监管局"
    eighteen = next(i for i in items if i["task_number"] == 18)
    assert eighteen["units"] == ["区市场监管局"]
    assert all(i["units"][0] == i["lead_unit"] for i in items)


def test_targets_live(plan, anonymous, issue, body_a, holder, supervisor):
    cert = issue(body_a, holder, "API-1")
    targets = {t["code"]: t for t in anonymous.get("/api/v1/plan/targets").json()}
    assert len(targets) == 6
    ms = targets["management_system_enterprises"]
    assert {"name", "goal", "value", "as_of", "met", "unit", "comparison", "source"} <= set(ms)
    assert (ms["goal"], ms["value"], ms["met"], ms["comparison"]) == (2600, 1, False, ">")
    assert ms["as_of"] == timezone.localdate().isoformat()
    # Counted from GI records (the programmes app): none yet is a count of 0.
    assert targets["geographical_indications"]["value"] == 0
    registry_actions.withdraw_certificate(cert, reason="撤销", actor=as_actor(supervisor), decision=any_decision())
    targets = {t["code"]: t for t in anonymous.get("/api/v1/plan/targets").json()}
    assert targets["management_system_enterprises"]["value"] == 0


def test_targets_as_of_and_bad_input(plan, anonymous):
    assert anonymous.get("/api/v1/plan/targets?as_of=2025-12-31").json()[0]["as_of"] == "2025-12-31"
    assert anonymous.get("/api/v1/plan/targets?as_of=2999-01-01").status_code == 400
    assert anonymous.get("/api/v1/plan/targets?as_of=yesterday").status_code == 422
    assert anonymous.get("/api/v1/plan/tasks?plan=nope").status_code == 404


def test_write_methods_are_refused(plan, anonymous):
    assert anonymous.post("/api/v1/plan/tasks").status_code == 405
