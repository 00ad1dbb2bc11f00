"""The transcription of the seed's 重点任务分工 table, as loaded by the data migration."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from qualitycert.plan.loading import DATA_DIR, PlanDataError, load_plan, validate_plan_data
from qualitycert.plan.models import Department, Plan, Target, Task, WorkItem
from qualitycert.plan.queries import department_named, published_items

from .conftest import ensure_plan

SEED = Path(os.environ.get("QC_SEED_DIR", "/work/shared/seeds")) / "000_c514ce504fc23ff2.txt"

EXPECTED_UNITS = [
    "区市场监管局", "区发展改革委", "区公安局", "区国资委", "区商务和投促局", "区教体局", "区民政局",
    "区住房建设委", "区生态环境局", "区城市管理委", "区水务局", "区文化和旅游局", "区卫生健康委",
    "区农业农村委", "区交通运输局", "区气象局", "区财政局", "区委编办", "区工业和信息化局", "区金融局",
    "区机关事务管理局", "区科技局", "区人社局", "区司法局", "区政务服务办",
]


@pytest.fixture
def binhai(db) -> Plan:
    return ensure_plan()


def units_of(plan: Plan, task: int, item: int = 1) -> list[str]:
    return [d.name for d in WorkItem.objects.get(task__plan=plan, task__number=task,
                                                 item=item).ordered_units()]


def test_the_document(binhai):
    assert binhai.document_number == "津滨政发〔2019〕16号"
    assert binhai.written_on == binhai.published_on == dt.date(2019, 7, 18)
    assert binhai.title == "滨海新区加强质量认证体系建设促进全面质量管理实施方案"
    assert binhai.sections.filter(code="二(二)4", title="大力推行高端品质认证").exists()
    assert "管理体系认证获证企业突破2600家" in binhai.sections.get(code="一(三)").text


def test_23_numbered_tasks_and_24_work_items(binhai):
    assert list(Task.objects.filter(plan=binhai).values_list("number", flat=True)) == list(
        range(1, 24))
    assert WorkItem.objects.filter(task__plan=binhai).count() == 24
    multi = [t.number for t in Task.objects.filter(plan=binhai) if t.items.count() > 1]
    assert multi == [3]


def test_every_lead_is_the_bureau_except_task_3_item_2(binhai):
    leads = {(w.task.number, w.item): w.lead.name
             for w in WorkItem.objects.filter(task__plan=binhai).select_related("task", "lead")}
    assert leads.pop((3, 2)) == "区科技局"
    assert set(leads.values()) == {"区市场监管局"}
    # The lead is the first unit named in the row.
    for w in WorkItem.objects.filter(task__plan=binhai):
        assert w.ordered_units()[0] == w.lead


@pytest.mark.parametrize(("task", "item", "units"), [
    (9, 1, ["区市场监管局", "区农业农村委", "区发展改革委"]),
    (16, 1, ["区市场监管局", "区发展改革委", "区财政局", "区政务服务办"]),
    (18, 1, ["区市场监管局"]),
    (21, 1, ["区市场监管局", "区财政局"]),
    (3, 2, ["区科技局", "区发展改革委", "区商务和投促局", "区民政局", "区工业和信息化局",
            "区交通运输局", "区市场监管局"]),
    (11, 1, ["区市场监管局", "区工业和信息化局", "区发展改革委", "区科技局", "区交通运输局",
             "区城市管理委"]),
])
def test_full_unit_lists_of_sample_rows(binhai, task, item, units):
    assert units_of(binhai, task, item) == units


def test_task_names_and_merged_cells(binhai):
    names = dict(Task.objects.filter(plan=binhai).values_list("number", "name"))
    assert names[9] == names[10] == names[11] == "大力推行高端品质认证"
    assert names[6] == names[7] == "打造质量管理体系认证“升级版”"
    assert names[16] == names[17] == "开展资源整合,提供优质服务"
    assert names[20] == names[21] == "创新认证监管和激励约束机制"
    merged = set(Task.objects.filter(plan=binhai, name_from_row_above=True)
                 .values_list("number", flat=True))
    assert merged == {7, 10, 11, 17, 21}
    task11 = WorkItem.objects.get(task__plan=binhai, task__number=11)
    assert task11.content.endswith("到2020年,装备制造业产品质量合格率稳定在95%以上。")


def test_the_alias_resolves_to_one_department(binhai):
    kjj = Department.objects.get(name="区科技局")
    assert department_named("区科学技术局") == kjj
    assert "区科学技术局" in kjj.aliases
    assert not Department.objects.filter(name="区科学技术局").exists()
    # Row 11 spells it 区科学技术局, row 4 区科技局: both are the same unit.
    assert kjj in WorkItem.objects.get(task__plan=binhai, task__number=11).units.all()
    assert kjj in WorkItem.objects.get(task__plan=binhai, task__number=4).units.all()


def test_25_units(binhai):
    used = Department.objects.filter(work_items__task__plan=binhai).distinct()
    assert sorted(d.name for d in used) == sorted(EXPECTED_UNITS)
    assert len(EXPECTED_UNITS) == 25


def test_six_targets_bound_to_indicators(binhai):
    targets = {t.code: t for t in Target.objects.filter(plan=binhai)}
    assert {(t.name, str(t.goal.normalize()), t.comparison, t.indicator)
            for t in targets.values()} == {
        ("科技领军企业拥有自主商标品牌", "1E+2", "gte", "tech_leader_brand_share"),
        ("地理标志证明商标和地理标志保护产品", "5", "gte", "records"),
        ("管理体系认证获证企业", "2.6E+3", "gt", "certified_enterprises"),
        ("食品农产品认证获证企业", "1E+2", "gt", "certified_enterprises"),
        ("服务认证获证企业", "2E+1", "gt", "certified_enterprises"),
        ("装备制造业产品质量合格率", "95", "gte", "sampling_pass_rate"),
    }
    assert targets["service_enterprises"].params == {"category": "service"}


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not on this machine")
def test_every_row_appears_verbatim_in_the_seed_table(binhai):
    table = SEED.read_text(encoding="utf-8").split("\n重点任务分工\n")[1]
    lines = [line for line in table.splitlines() if line.strip() and not line.startswith("序号")]
    rows = [r for r in lines if "区市场监管局" in r or "区科技局" in r][:24]
    items = published_items(binhai)
    assert len(rows) == len(items) == 24
    for row, item in zip(rows, items, strict=True):
        number = re.match(r"^\d+", row)
        assert (int(number.group()) if number else None) == (item.task_number if item.item == 1
                                                            else None)
        assert item.content in row
        spelled = row[row.rfind("。") + 1:].split("、")
        assert [department_named(u).name for u in spelled] == item.units


def test_the_loader_refuses_inconsistent_data(db):
    data = json.loads((DATA_DIR / "binhai_2019.json").read_text(encoding="utf-8"))
    data["tasks"][0]["items"][0]["units"].append("区不存在局")
    with pytest.raises(PlanDataError, match="unknown units"):
        validate_plan_data(data)
    data = json.loads((DATA_DIR / "binhai_2019.json").read_text(encoding="utf-8"))
    data["tasks"][4]["number"] = 7
    with pytest.raises(PlanDataError, match="numbered"):
        validate_plan_data(data)


def test_a_second_plan_loads_the_same_way_and_shares_units(binhai):
    from django.apps import apps

    data = json.loads((DATA_DIR / "binhai_2019.json").read_text(encoding="utf-8"))
    data["code"] = "binhai-2019-copy"
    before = Department.objects.count()
    copy = load_plan(data, lambda name: apps.get_model("plan", name))
    assert Department.objects.count() == before
    assert WorkItem.objects.filter(task__plan=copy).count() == 24
    with pytest.raises(PlanDataError, match="already loaded"):
        load_plan(data, lambda name: apps.get_model("plan", name))
