"""The figures of a report are numbers with an optional unit (issue 11 item 7:
"新增获证企业：十五" was accepted as text)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.plan import actions
from qualitycert.plan.figures import FigureValueError, parse_value
from qualitycert.plan.models import ProgressReport
from qualitycert.testing.actors import as_actor

from .conftest import work_item


@pytest.mark.parametrize(("text", "number", "unit"), [
    ("15", "15", ""), ("15家", "15", "家"), ("15 家", "15", "家"), ("1,200 人次", "1200", "人次"),
    ("98.5%", "98.5", "%"), ("-3.5 万元", "-3.5", "万元"), ("1，200", "1200", ""),
])
def test_numbers_with_units(text, number, unit):
    value = parse_value(text)
    assert (value.number, value.unit) == (Decimal(number), unit)


@pytest.mark.parametrize("text", ["十五", "", "  ", "约15", "15 20", "15家20", "1,2", "三成", "N/A"])
def test_anything_else_is_refused(text):
    with pytest.raises(FigureValueError):
        parse_value(text)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2),
       st.sampled_from(["", "家", " 人次", "%", " 万元"]))
def test_a_written_value_reads_back(number, unit):
    value = parse_value(f"{number}{unit}")
    assert value.number == number and value.unit == unit.strip()
    assert parse_value(str(value)) == value


@given(st.text(max_size=20))
def test_never_crashes(text):
    try:
        parse_value(text)
    except FigureValueError:
        pass


def test_the_form_refuses_chinese_numerals_with_a_reason(plan, client_for, fgw_user,
                                                         last_period):
    url = f"/plan/items/{work_item(plan, 1).pk}/{last_period.code}/"
    response = client_for(fgw_user).post(url, {"status": "in_progress",
                                               "figures": "新增获证企业：十五"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "第1行“新增获证企业”的数值“十五”不是数字" in html and "阿拉伯数字" in html
    assert not ProgressReport.objects.exists()
    assert client_for(fgw_user).post(url, {"status": "in_progress",
                                           "figures": "新增获证企业：15家"}).status_code == 302
    assert ProgressReport.objects.get().figures == [["新增获证企业", "15 家"]]


def test_the_action_refuses_them_too(plan, fgw_user, last_period):
    with pytest.raises(actions.PlanError, match="不是数字"):
        actions.save_report(work_item=work_item(plan, 1), period=last_period.code,
                            status="in_progress", narrative="", figures=[["新增获证企业", "十五"]],
                            actor=as_actor(fgw_user))
    assert not ProgressReport.objects.exists()
