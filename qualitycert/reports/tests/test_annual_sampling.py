"""六、产品质量监督抽查: the pass rates the 95% target is measured by, year on
year, and by product category and industry division; the same figures in the
HTML and the XLSX."""

import datetime as dt
import io

from django.db import connection
from openpyxl import load_workbook

from qualitycert.catalog.models import SamplingRecord
from qualitycert.reports import builders
from qualitycert.reports.annual import NOT_RECORDED, build_annual_report
from qualitycert.testing.factories import make_enterprise

from .conftest import YEAR


def _table(report, key):
    return next(t for _, t in report.tables() if t.key == key)


def _samples():
    maker = make_enterprise("天津齿轮有限公司", industry_code="C3453", is_equipment_manufacturer=True)
    toys = make_enterprise("天津玩具有限公司", industry_code="C2452", is_equipment_manufacturer=False)
    rows = [(maker, dt.date(YEAR, 3, 1), "pass"), (maker, dt.date(YEAR, 4, 1), "fail"),
            (maker, dt.date(YEAR, 5, 1), "pass"), (toys, dt.date(YEAR, 6, 1), "fail"),
            (maker, dt.date(YEAR - 1, 6, 1), "pass"), (maker, dt.date(YEAR + 1, 1, 2), "fail")]
    for enterprise, day, result in rows:
        SamplingRecord.objects.create(enterprise=enterprise, product="齿轮", sampled_on=day,
                                      status="tested", result=result)
    SamplingRecord.objects.create(enterprise=maker, product="齿轮", sampled_on=dt.date(YEAR, 7, 1))


def _sql(year: int, equipment: bool) -> tuple[int, int]:
    sql = ("SELECT COUNT(*), SUM(CASE WHEN s.result = 'pass' THEN 1 ELSE 0 END) "
           "FROM catalog_samplingrecord s JOIN registry_enterprise e ON e.id = s.enterprise_id "
           "WHERE s.status = 'tested' AND s.sampled_on BETWEEN %s AND %s")
    params: list[dt.date | bool] = [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    if equipment:
        sql += " AND e.is_equipment_manufacturer = %s"
        params.append(True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, passed = cursor.fetchone()
    return int(total), int(passed or 0)


def test_pass_rates_equal_an_independent_count(db):
    _samples()
    report = build_annual_report(YEAR)
    rows = {r[0]: r for r in _table(report, "sampling_pass_rate").rows}
    for label, equipment in (("全部产品", False),
                             ("装备制造业", True)):
        total, passed = _sql(YEAR, equipment)
        before_total, before_passed = _sql(YEAR - 1, equipment)
        assert rows[label][1:4] == [total, passed, passed / total]
        assert rows[label][4:] == [before_total, before_passed / before_total]
    assert rows["装备制造业"][1:4] == [3, 2, 2 / 3]
    industry = _table(report, "sampling_by_industry").rows
    assert industry == [["C24 文教、工美、体育和娱乐用品制造业", 1, 0, 1, 0.0],
                        ["C34 通用设备制造业", 3, 2, 1, 2 / 3]]
    assert [str(s) for s in _table(report, "sampling_by_category").sources] == [
        f"qualitycert.catalog.queries.sampling_breakdown(start={YEAR}-01-01, "
        f"end={YEAR}-12-31, by=category)"]


def test_rates_in_html_and_xlsx(db):
    _samples()
    report = build_annual_report(YEAR)
    assert "66.67%" in builders.build_html(report)
    book = load_workbook(io.BytesIO(builders.build_xlsx(report)))
    sheet = book["6 抽查"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "装备制造业")
    assert row[3].value == 2 / 3 and row[3].number_format == "0.00%"


def test_no_samples_says_so(db):
    section = build_annual_report(YEAR).sections[5]
    assert not section.tables and section.notes[0].startswith(str(NOT_RECORDED))
