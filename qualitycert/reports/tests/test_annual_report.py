"""The annual report as data: its sections, sources, reproducibility, and what it
says when another app cannot answer."""

import datetime as dt
import json

import pytest

from qualitycert.reports import queries
from qualitycert.reports.annual import NOT_AVAILABLE, NOT_RECORDED, build_annual_report
from qualitycert.testing.actors import any_decision, as_actor

from .conftest import YEAR

SECTION_KEYS = ["certificates", "bodies_labs", "anomalies", "inspections", "targets", "sampling",
                "programmes"]


def _table(report, key):
    return next(t for _, t in report.tables() if t.key == key)


def test_sections_in_order_and_every_table_sourced(registry):
    report = build_annual_report(YEAR)
    assert [s.key for s in report.sections] == SECTION_KEYS
    assert report.as_of == dt.date(2025, 12, 31)
    assert report.previous_as_of == dt.date(2024, 12, 31)
    for _, table in report.tables():
        assert table.sources, table.key
        for source in table.sources:
            assert str(source).startswith("qualitycert."), source
        assert all(len(row) == len(table.columns) for row in table.rows), table.key


def test_year_on_year_row(registry):
    report = build_annual_report(YEAR)
    total = _table(report, "certificates_total").rows[0]
    # certificates 2025, 2024, change, change %, enterprises 2025, 2024, change, %
    assert total[1:5] == [8, 12, -4, round(-4 / 12, 4)]
    assert total[5:] == [4, 4, 0, 0.0]
    sources = [str(s) for s in _table(report, "certificates_by_scheme").sources]
    assert sources == [
        'qualitycert.reports.queries.certificate_breakdown(as_of=2025-12-31).by["scheme"]',
        'qualitycert.reports.queries.certificate_breakdown(as_of=2024-12-31).by["scheme"]']


def test_groups_present_in_only_one_year_still_show(registry):
    rows = {r[0]: r for r in _table(build_annual_report(YEAR), "certificates_by_scheme").rows}
    # ISO45001 (LAPSE-1) was valid at the end of 2024 only.
    iso45001 = next(r for label, r in rows.items() if label.startswith("ISO45001"))
    assert iso45001[1:5] == [0, 1, -1, -1.0]


def test_reproducible_figures(registry):
    first = build_annual_report(YEAR, generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = build_annual_report(YEAR, generated_at=dt.datetime(2026, 5, 5, tzinfo=dt.UTC))
    assert json.dumps(first.figures(), default=str) == json.dumps(second.figures(), default=str)
    assert "2026-01-01" not in json.dumps(first.figures(), default=str)


def test_figures_change_when_the_data_does(registry, supervisor):
    from qualitycert.registry import actions

    before = build_annual_report(YEAR).figures()
    actions.suspend_certificate(registry.certs["plain"], reason="x", actor=as_actor(supervisor),
                                on=dt.date(2025, 12, 1), decision=any_decision())
    assert build_annual_report(YEAR).figures() != before


def test_inspections_not_recorded_when_the_app_cannot_answer(registry, monkeypatch):
    monkeypatch.setattr(queries, "inspection_summary", lambda year: queries.Unavailable(
        "qualitycert.inspections.queries.annual_summary", "module not importable"))
    section = build_annual_report(YEAR).sections[3]
    assert section.tables == []
    assert section.notes and section.notes[0].startswith(str(NOT_RECORDED))


def test_inspections_summary_when_present(registry):
    pytest.importorskip("qualitycert.inspections.queries")
    section = build_annual_report(YEAR).sections[3]
    keys = [t.key for t in section.tables]
    assert keys == ["inspections_overview", "inspection_results"]
    results = section.tables[1]
    assert all(isinstance(row[1], int) for row in results.rows)
    assert str(results.sources[0]) == (
        "qualitycert.inspections.queries.annual_summary(year=2025, as_of=2025-12-31)"
        ".results_by_category")


def test_targets_and_tasks_unavailable(registry, monkeypatch):
    gone = queries.Unavailable("qualitycert.plan.targets.compute_targets", "missing")
    monkeypatch.setattr(queries, "target_progress", lambda as_of: gone)
    monkeypatch.setattr(queries, "task_progress", lambda as_of: gone)
    section = build_annual_report(YEAR).sections[4]
    assert section.tables == []
    assert all(str(NOT_AVAILABLE) in note for note in section.notes) and len(section.notes) == 2


def test_targets_from_the_plan(registry):
    pytest.importorskip("qualitycert.plan.targets")
    table = _table(build_annual_report(YEAR), "targets")
    assert table.rows, "the seeded plan has targets"
    by_name = {row[0]: row for row in table.rows}
    ms = next(row for name, row in by_name.items() if "管理体系" in name)
    # 4 enterprises hold a valid management-system certificate at the end of 2025.
    assert ms[2].startswith("4")
    assert ms[3] == dt.date(2025, 12, 31)


def test_year_out_of_range(db):
    with pytest.raises(ValueError, match="2000"):
        build_annual_report(1999)


def test_task_progress_from_the_plan(registry):
    pytest.importorskip("qualitycert.plan.queries")
    table = _table(build_annual_report(YEAR), "task_progress")
    labels = [row[0] for row in table.rows]
    assert "3-1" in labels and "3-2" in labels  # task 3 holds two work items
    assert str(table.sources[0]).startswith("qualitycert.plan.queries.task_progress(plan=")
