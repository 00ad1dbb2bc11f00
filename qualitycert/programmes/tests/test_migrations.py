"""An old database migrates: a plan whose GI target was entered by hand
(plan 0005) comes out counting GI records, with its hand-entered figures
kept; and back again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plan", "0005_drop_snapshot_met"), ("programmes", None)]
AFTER = [("plan", "0007_recount_gi_snapshots"), ("programmes", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def test_old_gi_target_and_its_figures_survive_the_migration(supervisor):
    try:
        old = migrate(BEFORE)
        Target = old.get_model("plan", "Target")
        target = Target.objects.get(code="geographical_indications")
        target.indicator, target.params = "manual", {}
        target.save()
        old.get_model("plan", "ManualFigure").objects.create(
            target=target, value=4, as_of=dt.date(2020, 12, 31), source="区知识产权局",
            entered_by_id=supervisor.pk)
        snapshots = old.get_model("plan", "TargetSnapshot")
        for code, value in (("geographical_indications", 4), ("service_enterprises", 21)):
            snapshots.objects.create(plan=target.plan, code=code, as_of=dt.date(2020, 12, 31),
                                     value=value, goal=5, source="手工", computed_at=dt.datetime(
                                         2021, 1, 1, tzinfo=dt.UTC))

        new = migrate(AFTER)
        target = new.get_model("plan", "Target").objects.get(code="geographical_indications")
        assert (target.indicator, target.params) == ("records", {"measure": "gi_products"})
        assert new.get_model("plan", "ManualFigure").objects.filter(target=target).count() == 1
        # The GI trend is recounted from records; other targets' stored values stay.
        assert list(new.get_model("plan", "TargetSnapshot").objects.values_list(
            "code", flat=True)) == ["service_enterprises"]

        back = migrate(BEFORE)
        target = back.get_model("plan", "Target").objects.get(code="geographical_indications")
        assert target.indicator == "manual"
        assert back.get_model("plan", "ManualFigure").objects.filter(target=target).count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
