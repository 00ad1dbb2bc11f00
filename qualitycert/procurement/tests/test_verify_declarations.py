"""Batch verify accepts a self-declaration number in place of a certificate
number: the verdict in the certificate words of the same meaning, `kind`
saying which it was (the verdict list itself is unchanged)."""

import datetime as dt
import json

import pytest

from qualitycert.catalog.models import (
    Announcement,
    CategoryChange,
    ProductCategory,
    ProductGroup,
    SelfDeclaration,
)
from qualitycert.registry.models import Lab
from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db
URL = "/api/v1/verify"


@pytest.fixture
def declarations(holder):
    ann = Announcement.objects.create(number="2019年第44号", title="调整", published_on=dt.date(2019, 10, 17))
    group = ProductGroup.objects.create(code="05", name="电动工具")
    drill = ProductCategory.objects.create(code="0501", name="电钻", group=group)
    CategoryChange.objects.create(category=drill, effective_from=dt.date(2019, 10, 17),
                                  route="self_declaration", risk_level="low", announcement=ann)
    lab = Lab.objects.create(cma_number="241212340123", name="天津滨海检验检测中心")

    def make(number, **fields):
        d = SelfDeclaration(number=number, enterprise=holder, category=drill, product="电钻",
                            models_list=["Z1J-10"], lab=lab, report_number=number,
                            report_date=dt.date(2025, 1, 1), declared_on=dt.date(2025, 1, 10))
        if fields.get("status") == "withdrawn":
            d.withdraw(dt.date(2025, 6, 1), "停产")
        if fields.get("status") == "revoked":
            d.revoke(dt.date(2025, 6, 1), "虚假", "false_declaration", "津滨市监撤〔2025〕1号")
        d.save()
        return d

    return [make("SD-2025-0501-00001"), make("SD-2025-0501-00002", status="withdrawn"),
            make("SD-2025-0501-00003", status="revoked")]


def _post(client, items):
    return client.post(URL, json.dumps({"items": items}), content_type="application/json")


def test_declaration_numbers_get_verdicts_and_kind(client, declarations, holder, cert_a):
    other = make_enterprise("别人家有限公司")
    items = [{"certificate_number": "sd-2025-0501-00001", "holder_uscc": holder.uscc},
             {"certificate_number": "SD-2025-0501-00002"},
             {"certificate_number": "SD-2025-0501-00003"},
             {"certificate_number": "SD-2025-0501-00001", "holder_uscc": other.uscc},
             {"certificate_number": "SD-2025-0501-00009"},
             {"certificate_number": cert_a.number}]
    results = _post(client, items).json()["results"]
    assert [(r["verdict"], r["kind"]) for r in results] == [
        ("valid", "self_declaration"), ("cancelled", "self_declaration"),
        ("withdrawn", "self_declaration"), ("holder_mismatch", "self_declaration"),
        ("not_found", None), ("valid", "certificate")]
    first = results[0]
    assert first["certificate"] is None
    assert first["self_declaration"]["number"] == "SD-2025-0501-00001"
    assert first["self_declaration"]["category"] == {"code": "0501", "name": "电钻"}
    assert first["self_declaration"]["url"] == "/catalog/declarations/SD-2025-0501-00001/"
    assert results[5]["self_declaration"] is None


def test_a_valid_declaration_covers_ccc_only(client, declarations):
    results = _post(client, [
        {"certificate_number": "SD-2025-0501-00001", "required_scheme": "CCC"},
        {"certificate_number": "SD-2025-0501-00001", "required_scheme": "ISO9001"},
        {"certificate_number": "SD-2025-0501-00003", "required_scheme": "CCC"},
    ]).json()["results"]
    assert [r["scheme_covered"] for r in results] == [True, False, False]


def test_openapi_documents_kind(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    result = spec["components"]["schemas"]["VerifyResultOut"]["properties"]
    assert "kind" in result and "self_declaration" in result
    assert "/api/v1/self-declarations/{number}" in spec["paths"]
