"""The bureau's pages: overview, sampling plans and samples, follow-ups,
declarations and their revocation, cases, licences, imports — each for
bureau staff only."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from qualitycert.catalog import actions
from qualitycert.catalog.models import (
    MarketCheckCase,
    ProductionLicence,
    SamplingPlan,
    SamplingRecord,
    SelfDeclaration,
)
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

STAFF_URLS = ["/catalog/", "/catalog/plans/", "/catalog/samples/", "/catalog/cases/",
              "/catalog/licences/", "/catalog/staff/declarations/", "/catalog/import/",
              "/catalog/import/samplings.csv"]


@pytest.fixture
def plan(catalogue, lab, supervisor):
    return actions.create_sampling_plan(
        name="2025年低压成套开关设备监督抽查", year=2025, product_class="低压成套开关设备",
        category=catalogue["categories"]["0301"], planned_count=5, labs=[lab], actor=as_actor(supervisor))


@pytest.mark.parametrize("url", STAFF_URLS)
def test_pages_for_the_bureau(client_for, supervisor, catalogue, url):
    assert client_for(supervisor).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["enterprise_user", "lab_user", "cb_alice", "inspector",
                                     "dept_user"])
@pytest.mark.parametrize("url", STAFF_URLS)
def test_no_other_role(client_for, request, catalogue, persona, url):
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 403


def test_create_a_plan_and_draw_the_planted_product(client_for, supervisor, catalogue, lab):
    client = client_for(supervisor)
    response = client.post("/catalog/plans/", {
        "name": "2025年开关监督抽查", "year": 2025, "level": "district",
        "product_class": "低压成套开关设备", "category": catalogue["categories"]["0301"].pk,
        "planned_count": 3, "labs": lab.cma_number})
    plan = SamplingPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/catalog/plans/{plan.pk}/"
    uncertified = make_enterprise("无证开关有限公司")
    response = client.post(f"/catalog/plans/{plan.pk}/draw/", {
        "enterprise": uncertified.uscc.lower(), "product": "配电柜", "drawn_from": "producer",
        "sampled_on": "2025-05-01", "lab": lab.pk})
    assert response.status_code == 302
    sample = SamplingRecord.objects.get()
    assert MarketCheckCase.objects.get().sample == sample
    page = client.get(f"/catalog/samples/{sample.pk}/").content.decode()
    assert "案件线索" in page and "无证开关有限公司" in page
    assert client.post(f"/catalog/plans/{plan.pk}/close/").status_code == 302
    refused = client.post(f"/catalog/plans/{plan.pk}/draw/", {
        "enterprise": uncertified.uscc, "product": "配电柜", "drawn_from": "producer",
        "sampled_on": "2025-05-01", "lab": lab.pk})
    assert refused.status_code == 400 and "已结束" in refused.content.decode()


def test_bad_plan_and_draw_input(client_for, supervisor, plan, lab):
    client = client_for(supervisor)
    bad = client.post("/catalog/plans/", {"name": "x", "year": 2025, "level": "district",
                                          "product_class": "y", "planned_count": 1,
                                          "labs": "241299990001"})
    assert bad.status_code == 400 and "没有这些检验检测机构" in bad.content.decode()
    unknown = client.post(f"/catalog/plans/{plan.pk}/draw/", {
        "enterprise": "911201160000000000", "product": "配电柜", "drawn_from": "producer",
        "sampled_on": "2025-05-01", "lab": lab.pk})
    assert unknown.status_code == 400 and "没有该统一社会信用代码" in unknown.content.decode()
    assert client.get("/catalog/plans/999999/").status_code == 404


def test_result_on_behalf_and_follow_up(client_for, supervisor, plan, lab, holder):
    sample = actions.draw_sample(plan, enterprise=holder, product="配电柜",
                                 sampled_on=dt.date(2025, 5, 1), lab=lab, actor=as_actor(supervisor))
    client = client_for(supervisor)
    response = client.post(f"/catalog/samples/{sample.pk}/result/", {
        "result": "fail", "failed_items": "温升", "standard": "GB/T 7251.12-2013",
        "report_number": "BG-1", "tested_on": "2025-05-10"})
    assert response.status_code == 302
    response = client.post(f"/catalog/samples/{sample.pk}/follow-up/", {
        "kind": "rectification", "occurred_on": "2025-05-12", "due_on": "2025-06-12"})
    assert response.status_code == 302
    assert SamplingRecord.objects.get(pk=sample.pk).follow_up_state == "rectifying"
    bad = client.post(f"/catalog/samples/{sample.pk}/follow-up/", {
        "kind": "close", "occurred_on": "2025-05-13"})
    assert bad.status_code == 400 and "不能进行" in bad.content.decode()
    assert client.get(f"/catalog/samples/{sample.pk}/follow-up/").status_code == 405
    assert client.get("/catalog/samples/999999/").status_code == 404
    listing = client.get("/catalog/samples/?follow_up_state=rectifying&year=2025").content.decode()
    assert f'data-sample="{sample.pk}"' in listing


def test_revoke_a_declaration(client_for, supervisor, catalogue, declare):
    d = declare(catalogue["categories"]["0501"])
    client = client_for(supervisor)
    listing = client.get("/catalog/staff/declarations/", {"q": d.enterprise.uscc}).content.decode()
    assert d.number in listing
    bad = client.post(f"/catalog/staff/declarations/{d.pk}/", {"grounds": "false_declaration",
                                                               "decision_number": "", "reason": "x"})
    assert bad.status_code == 400
    response = client.post(f"/catalog/staff/declarations/{d.pk}/", {
        "grounds": "false_declaration", "decision_number": "津滨市监撤〔2025〕9号",
        "reason": "检测报告系伪造"})
    assert response.status_code == 302
    assert SelfDeclaration.objects.get(pk=d.pk).status == "revoked"
    assert client.get("/catalog/staff/declarations/999999/").status_code == 404


def test_close_a_case(client_for, supervisor, catalogue, holder):
    case = actions.market_check(enterprise=holder, category=catalogue["categories"]["0301"],
                                on=dt.date(2025, 5, 1), product="配电柜", source_kind="inspection",
                                source_ref="inspections.result:1", actor=as_actor(supervisor))
    assert case is not None
    client = client_for(supervisor)
    assert holder.name in client.get("/catalog/cases/").content.decode()
    assert client.get(f"/catalog/cases/{case.pk}/close/").status_code == 405
    assert client.post(f"/catalog/cases/{case.pk}/close/", {"outcome": "penalised"}).status_code == 400
    response = client.post(f"/catalog/cases/{case.pk}/close/", {"outcome": "penalised",
                                                                "note": "已立案"})
    assert response.status_code == 302
    assert MarketCheckCase.objects.get().status == "closed"
    assert client.get("/catalog/cases/999999/").status_code == 404
    assert holder.name not in client.get("/catalog/cases/").content.decode()
    assert holder.name in client.get("/catalog/cases/?status=closed").content.decode()


def test_licences_page_lists_who_did_not_switch(client_for, supervisor, catalogue):
    stayed = make_enterprise("未转CCC防爆电机有限公司")
    ProductionLicence.objects.create(enterprise=stayed, number="津XK06-014-00001",
                                     product="防爆电机", category=catalogue["categories"]["2301"])
    page = client_for(supervisor).get("/catalog/licences/").content.decode()
    assert stayed.name in page and "逾期未取得" in page
    early = client_for(supervisor).get("/catalog/licences/?on=2020-05-01").content.decode()
    assert "过渡期内" in early


def test_import_page_imports_samplings(client_for, supervisor, holder, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(f"统一社会信用代码,产品名称,抽样日期,检验结论\n{holder.uscc},减速机,2025-03-01,合格\n",
                    encoding="utf-8")
    client = client_for(supervisor)
    with path.open("rb") as handle:
        response = client.post("/catalog/import/", {"kind": "samplings", "file": handle})
    assert response.status_code == 200 and "新增 1 条" in response.content.decode()
    path.write_text(f"统一社会信用代码,产品名称,抽样日期,检验结论\n{holder.uscc},减速机,2025-03-01,也许\n",
                    encoding="utf-8")
    with path.open("rb") as handle:
        response = client.post("/catalog/import/", {"kind": "samplings", "file": handle})
    assert response.status_code == 422 and "检验结论" in response.content.decode()
    assert SamplingRecord.objects.count() == 1
    template = client.get("/catalog/import/catalogue.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert client.get("/catalog/import/nope.csv").status_code == 404
    with path.open("rb") as handle:
        response = client.post("/catalog/import/", {"kind": "samplings", "file": handle},
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    html = response.content.decode()
    assert "<td>Result</td>" in html and "“也许” is not one of" in html and "检验结论" not in html


def test_the_template_notes_are_in_the_downloaders_language(client_for, supervisor):
    client = client_for(supervisor)
    for language, header, sheet in (("zh-hans", ["列", "必填", "格式", "示例"], "填写说明"),
                                    ("en", ["Column", "Required", "Format", "Example"],
                                     "How to fill in")):
        content = client.get("/catalog/import/samplings.xlsx", HTTP_ACCEPT_LANGUAGE=language).content
        notes = openpyxl.load_workbook(io.BytesIO(content))[sheet]
        assert [c.value for c in notes[1]] == header
        assert notes["B2"].value == ("是" if language == "zh-hans" else "Yes")
