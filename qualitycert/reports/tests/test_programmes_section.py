"""七、the plan's programmes: one table per programme, the task pages' numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.plan.tests.conftest import ensure_plan
from qualitycert.programmes.models import GIProduct
from qualitycert.reports.annual import build_annual_report

pytestmark = pytest.mark.django_db


def test_a_table_per_programme_with_the_year_end_counts():
    ensure_plan()
    GIProduct.objects.create(kind="certification_mark", name="汉沽飞蟹", area="汉沽",
                             authority="国家知识产权局", registration_number="G-1",
                             registered_on=dt.date(2024, 5, 1))
    GIProduct.objects.create(kind="certification_mark", name="次年登记", area="汉沽",
                             authority="国家知识产权局", registration_number="G-2",
                             registered_on=dt.date(2025, 5, 1))
    report = build_annual_report(2024)
    section = next(s for s in report.sections if s.key == "programmes")
    assert [t.key for t in section.tables] == [
        "programme_designations", "programme_geographical_indications", "programme_coverage",
        "programme_adoption", "programme_training", "programme_integrity",
        "programme_energy_government"]
    gi = next(t for t in section.tables if t.key == "programme_geographical_indications")
    assert gi.rows[0][:2] == ["地理标志证明商标和地理标志保护产品", "1 件"]
    energy = next(t for t in section.tables if t.key == "programme_energy_government")
    assert energy.rows[0][1] == "无数据"
