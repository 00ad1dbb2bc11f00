"""The route that applied to a category on a date comes from its history."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.catalog import actions, queries
from qualitycert.catalog.models import CatalogError, CategoryChange
from qualitycert.testing.actors import as_actor

from .conftest import FIRST, LICENCE_DEADLINE, LICENCE_IN, MOVE

DAY = dt.timedelta(days=1)


def test_route_on_dates_either_side_of_the_move(catalogue):
    drill = catalogue["categories"]["0501"]
    def route(day: dt.date) -> str | None:
        change = queries.route_on(drill, day)
        return change.route if change else None

    assert route(FIRST - DAY) is None
    assert route(FIRST) == "certification"
    assert route(MOVE - DAY) == "certification"
    assert route(MOVE) == "self_declaration"
    assert route(dt.date(2030, 1, 1)) == "self_declaration"
    moved = queries.route_on(drill, MOVE)
    assert moved is not None and moved.announcement.number == "2019年第44号"


def test_catalogue_on_a_day_lists_what_was_in_it(catalogue):
    def codes(day: dt.date) -> dict[str, str]:
        return {e.category.code: e.change.route for e in queries.catalogue_on(day) if e.change}

    assert codes(FIRST - DAY) == {}
    assert codes(LICENCE_IN - DAY) == {"0301": "certification", "0302": "certification",
                                      "0501": "certification", "1601": "certification"}
    # The modem left the catalogue on the day of the move; the motor came in before it.
    assert codes(MOVE) == {"0301": "certification", "0302": "self_declaration_designated",
                           "0501": "self_declaration", "2301": "certification"}
    everything = queries.catalogue_on(MOVE, include_out=True)
    assert {e.category.code for e in everything} == {"0301", "0302", "0501", "1601", "2301"}
    assert [e.category.code for e in queries.declarable_categories(MOVE)] == ["0302", "0501"]


def test_routes_on_agrees_with_route_on(catalogue):
    for day in (FIRST - DAY, FIRST, LICENCE_IN, MOVE - DAY, MOVE, LICENCE_DEADLINE):
        bulk = queries.routes_on(day)
        for category in catalogue["categories"].values():
            one = queries.route_on(category, day)
            assert (bulk.get(category.pk) and bulk[category.pk].pk) == (one and one.pk)


def test_a_change_is_added_with_its_announcement_and_audited(catalogue, supervisor):
    switchgear = catalogue["categories"]["0301"]
    change = actions.record_catalogue_change(
        switchgear, effective_from=dt.date(2027, 1, 1), route="self_declaration_designated",
        risk_level="medium", standards=["GB/T 7251.1-2023", " "],
        announcement=catalogue["announcements"]["move"], actor=as_actor(supervisor))
    assert change.standards == ["GB/T 7251.1-2023"]
    assert queries.route_on(switchgear, dt.date(2026, 12, 31)).route == "certification"
    assert queries.route_on(switchgear, dt.date(2027, 1, 1)).pk == change.pk
    entry = AuditEntry.objects.get(action="catalog.change.record")
    assert entry.after["category"] == "0301" and entry.reason == "2019年第44号"
    with pytest.raises(CatalogError):
        actions.record_catalogue_change(
            switchgear, effective_from=dt.date(2027, 1, 1), route="certification",
            risk_level="high", standards=[], announcement=catalogue["announcements"]["move"],
            actor=as_actor(supervisor))
    assert CategoryChange.objects.filter(category=switchgear).count() == 2


@pytest.mark.parametrize(("route", "risk", "licence", "deadline", "words"), [
    ("bogus", "high", False, None, "评价方式"),
    ("certification", "extreme", False, None, "风险等级"),
    ("certification", "high", True, None, "过渡期"),
    ("certification", "high", True, dt.date(2018, 1, 1), "过渡期"),
    ("removed", "low", True, dt.date(2028, 1, 1), "必须纳入目录"),
    ("certification", "high", False, dt.date(2028, 1, 1), "过渡期"),
])
def test_change_rules(catalogue, supervisor, route, risk, licence, deadline, words):
    with pytest.raises(CatalogError, match=words):
        actions.record_catalogue_change(
            catalogue["categories"]["0301"], effective_from=dt.date(2027, 1, 1), route=route,
            risk_level=risk, standards=[], announcement=catalogue["announcements"]["move"],
            actor=as_actor(supervisor), from_production_licence=licence, transition_deadline=deadline)
    assert not AuditEntry.objects.filter(action="catalog.change.record").exists()


def test_category_history_is_in_date_order(catalogue):
    history = queries.category_history(catalogue["categories"]["0501"])
    assert [(c.effective_from, c.route) for c in history] == [
        (FIRST, "certification"), (MOVE, "self_declaration")]
