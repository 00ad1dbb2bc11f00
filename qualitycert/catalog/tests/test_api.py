"""GET /api/v1/self-declarations/{number}, and the declarations in the
enterprise's public answer and page."""

from __future__ import annotations

from qualitycert.catalog import actions
from qualitycert.testing.actors import as_actor


def test_a_declaration_by_number(client, catalogue, declare):
    d = declare(catalogue["categories"]["0501"])
    response = client.get("/api/v1/self-declarations/sd-2025-0501-00001")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == d.number and body["status"] == "valid"
    assert body["enterprise"]["uscc"] == d.enterprise.uscc
    assert body["category"] == {"code": "0501", "name": "电钻"}
    assert body["models"] == ["Z1J-10", "Z1J-13"] and body["lab"]["cma_number"] == d.lab.cma_number
    assert body["declared_on"] == "2025-03-01" and body["ended_on"] is None
    assert body["revocation_grounds"] == "" and body["url"] == f"/catalog/declarations/{d.number}/"


def test_a_revoked_declaration_reads_as_revoked(client, catalogue, declare, supervisor):
    d = declare(catalogue["categories"]["0501"])
    actions.revoke_declaration(d, reason="报告伪造", grounds="false_declaration",
                               decision_number="津滨市监撤〔2025〕3号", actor=as_actor(supervisor))
    body = client.get(f"/api/v1/self-declarations/{d.number}").json()
    assert body["status"] == "revoked" and body["revocation_grounds"] == "false_declaration"
    assert body["decision_number"] == "津滨市监撤〔2025〕3号" and body["ended_on"] is not None
    listed = client.get(f"/api/v1/enterprises/{d.enterprise.uscc}").json()["self_declarations"]
    assert [(x["number"], x["status"]) for x in listed] == [(d.number, "revoked")]
    page = client.get(f"/e/{d.enterprise.uscc}/").content.decode()
    section = page.split('id="section-declarations"')[1]
    assert d.number in section and "监管部门撤销" in section


def test_unknown_number_is_a_404_with_a_reason(client, db):
    response = client.get("/api/v1/self-declarations/SD-1999-0000-00001")
    assert response.status_code == 404 and response.json()["detail"] == "未找到该自我声明"
    in_english = client.get("/api/v1/self-declarations/SD-1999-0000-00001",
                            HTTP_ACCEPT_LANGUAGE="en")
    assert in_english.json()["detail"] == "No such self-declaration"
    assert client.post("/api/v1/self-declarations/SD-1999-0000-00001").status_code == 405


def test_enterprise_answer_without_declarations(client, holder):
    body = client.get(f"/api/v1/enterprises/{holder.uscc}").json()
    assert body["self_declarations"] == []
    page = client.get(f"/e/{holder.uscc}/").content.decode()
    assert "该企业没有自我声明" in page
