"""Every indicator against an independent SQL count on planted data
(issue 15's acceptance): the API's values are recounted here by hand-written
SQL over the tables, not through the code under test."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = pytest.mark.django_db


def sql(query: str, params: list[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return int(cursor.fetchone()[0] or 0)


def pct(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float((Decimal(100) * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP))


# Valid on the day, for certificates without later lifecycle steps (all planted
# ones): status valid and the day inside the period.
def tz_start(day):
    """The start of a local day as an aware datetime (the API stores UTC)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


VALID = ("c.status = 'valid' AND c.issued_on <= %(d)s AND c.expires_on >= %(d)s")


def expected(day) -> dict[str, float | None]:
    d = day.isoformat()
    y0 = f"{day.year}-01-01"

    def q(query: str, extra: list[object] | None = None) -> int:
        return sql(query.replace("%(d)s", "%s"), extra or [])

    def valid_holders(where: str) -> int:
        return q("SELECT COUNT(DISTINCT c.holder_id) FROM registry_certificate c "
                 "JOIN registry_scheme s ON s.id = c.scheme_id JOIN registry_enterprise e "
                 f"ON e.id = c.holder_id WHERE {VALID} AND {where}", [d, d])

    sme_whole = q("SELECT COUNT(*) FROM registry_enterprise WHERE size IN ('small','micro') "
                  "AND legal_status = 'active'")
    sme_part = valid_holders("s.category = 'management_system' AND e.size IN ('small','micro') "
                             "AND e.legal_status = 'active'")
    latest = q("SELECT MAX(year) FROM programmes_keyenergyuser WHERE year <= %s", [day.year])
    listed = q("SELECT COUNT(*) FROM programmes_keyenergyuser WHERE year = %s", [latest])
    energy = valid_holders("s.code = 'ISO50001' AND c.holder_id IN (SELECT enterprise_id "
                           f"FROM programmes_keyenergyuser WHERE year = {int(latest)})")
    units = q("SELECT COUNT(*) FROM plan_department")
    gov = q("SELECT COUNT(DISTINCT department_id) FROM programmes_departmentqms WHERE "
            "issued_on <= %s AND expires_on >= %s AND (withdrawn_on IS NULL OR withdrawn_on > %s)",
            [d, d, d])
    all_valid = q(f"SELECT COUNT(*) FROM registry_certificate c WHERE {VALID}", [d, d])
    signed = q("SELECT COUNT(*) FROM registry_certificate c JOIN programmes_certificateparticulars"
               f" p ON p.certificate_id = c.id WHERE {VALID} AND p.signatory_id IS NOT NULL",
               [d, d])

    def edition(name: str) -> int:
        return q("SELECT COUNT(*) FROM registry_certificate c JOIN registry_scheme s ON "
                 "s.id = c.scheme_id JOIN programmes_certificateparticulars p ON "
                 f"p.certificate_id = c.id WHERE {VALID} AND s.code = 'ISO9001' AND "
                 "p.standard_edition = %s", [d, d, name])

    def in_force(table: str, start: str, where: str) -> int:
        return q(f"SELECT COUNT(*) FROM {table} WHERE {start} <= %s AND "
                 f"(ended_on IS NULL OR ended_on > %s) AND {where}", [d, d])

    training = "FROM programmes_trainingsession WHERE held_on >= %s AND held_on <= %s"
    people = ("FROM programmes_bodyperson WHERE active AND (valid_until IS NULL OR "
              "valid_until >= %s) AND role = %s")
    adoptions = ("FROM programmes_adoption WHERE started_on <= %s AND (ended_on IS NULL OR "
                 "ended_on > %s)")
    return {
        "sme_ms_share": pct(sme_part, sme_whole),
        "sme_ms_certified": sme_part,
        "qc_demonstrations": in_force("programmes_designation", "designated_on",
                                      "kind IN ('qc_demo_zone','qc_demo_site','qc_demo_enterprise')"),
        "service_benchmarks": in_force("programmes_designation", "designated_on",
                                       "kind = 'service_benchmark'"),
        "organic_demo_zones": in_force("programmes_designation", "designated_on",
                                       "kind = 'organic_demo_zone'"),
        "gi_products": in_force("programmes_giproduct", "registered_on",
                                "kind IN ('certification_mark','protected_product')"),
        "agri_gi": in_force("programmes_giproduct", "registered_on", "kind = 'agri_product'"),
        "pollution_free": in_force("programmes_qualitymark", "granted_on",
                                   "kind = 'pollution_free'"),
        "high_end_marks": in_force("programmes_qualitymark", "granted_on", "kind = 'high_end'"),
        "organic_enterprises": valid_holders("s.code = 'ORGANIC'"),
        "green_food_enterprises": valid_holders("s.code = 'GREEN-FOOD'"),
        "green_product_enterprises": valid_holders("s.code = 'GREEN-PRODUCT'"),
        "service_enterprises": valid_holders("s.category = 'service'"),
        "product_enterprises": valid_holders("s.category = 'product'"),
        "old_edition_ISO9001": edition("GB/T 19001-2008"),
        "new_edition_ISO9001": edition("GB/T 19001-2016"),
        "training_sessions": q(f"SELECT COUNT(*) {training}", [y0, d]),
        "training_participants": q(f"SELECT SUM(participants) {training}", [y0, d]),
        "training_enterprises": q(f"SELECT SUM(enterprises) {training}", [y0, d]),
        "trained_internal_auditors": q(f"SELECT SUM(internal_auditors) {training}", [y0, d]),
        "trained_inspectors": q(f"SELECT SUM(inspectors) {training}", [y0, d]),
        "certified_auditors": q(f"SELECT COUNT(*) {people}", [d, "auditor"]),
        "auditors": q(f"SELECT COUNT(*) {people}", [d, "auditor"]),
        "signatories": q(f"SELECT COUNT(*) {people}", [d, "signatory"]),
        "bodies_with_commitment": q(
            "SELECT COUNT(DISTINCT body_id) FROM programmes_bodycommitment WHERE "
            "published_on <= %s AND (withdrawn_on IS NULL OR withdrawn_on > %s)", [d, d]),
        "findings_this_year": q("SELECT COUNT(*) FROM programmes_bodyfinding WHERE found_on >= %s"
                                " AND found_on <= %s", [y0, d]),
        "open_findings": q("SELECT COUNT(*) FROM programmes_bodyfinding WHERE found_on <= %s AND "
                           "(closed_on IS NULL OR closed_on > %s)", [d, d]),
        "signed_certificate_share": pct(signed, all_valid),
        "energy_ms_share": pct(energy, listed),
        "energy_ms_certified": energy,
        "department_qms_share": pct(gov, units),
        "department_qms_certified": gov,
        "adopters": q(f"SELECT COUNT(DISTINCT adopter_name) {adoptions}", [d, d]),
        "adopters_batch_api": q(f"SELECT COUNT(DISTINCT adopter_name) {adoptions} AND "
                                "method = 'batch_api'", [d, d]),
        "adopters_tender_clause": q(f"SELECT COUNT(DISTINCT adopter_name) {adoptions} AND "
                                    "method = 'tender_clause'", [d, d]),
        "adopters_supplier_list": q(f"SELECT COUNT(DISTINCT adopter_name) {adoptions} AND "
                                    "method = 'supplier_list'", [d, d]),
        "batch_api_checking": q(
            f"SELECT COUNT(DISTINCT a.adopter_name) {adoptions.replace('FROM programmes_adoption', 'FROM programmes_adoption a JOIN api_apitoken t ON t.id = a.api_token_id')}"
            " AND a.method = 'batch_api' AND t.revoked_at IS NULL AND t.last_used_at >= %s "
            "AND t.last_used_at < %s",
            [d, d, tz_start(day - dt.timedelta(days=29)), tz_start(day + dt.timedelta(days=1))]),
        "checks_this_year": q("SELECT SUM(checks) FROM programmes_checkvolume WHERE month >= %s "
                              "AND month <= %s", [y0, d]),
        "labs_valid": q("SELECT COUNT(*) FROM registry_lab WHERE status = 'valid'"),
        "bodies_approved": q("SELECT COUNT(*) FROM registry_certificationbody "
                             "WHERE status = 'approved'"),
        "self_declarations": q("SELECT COUNT(*) FROM catalog_selfdeclaration WHERE "
                               "declared_on <= %s AND (ended_on IS NULL OR ended_on > %s)", [d, d]),
    }


@pytest.mark.parametrize("number", range(1, 24))
def test_every_task_indicator_matches_an_independent_count(client, planted, number):
    answer = client.get(f"/api/v1/plan/tasks/{number}/indicators")
    assert answer.status_code == 200
    body = answer.json()
    assert body["task_number"] == number
    counts = expected(planted.day)
    for indicator in body["indicators"]:
        code = indicator["code"]
        assert indicator["source"], code
        if code.startswith("certified_auditors_") or code == "equipment_pass_rate":
            continue  # by qualification below; the pass rate has its own test in catalog
        assert code in counts, f"no independent count for {code}"
        assert indicator["value"] == counts[code], code


def test_planted_values_are_the_ones_meant(client, planted):
    """The planted data is built so each rule matters; pin the numbers."""
    counts = expected(planted.day)
    assert counts["sme_ms_share"] == 50.0        # 2 of 4 operating small/micro
    assert counts["gi_products"] == 2            # one ended, one agricultural
    assert counts["old_edition_ISO9001"] == 1    # the expired one does not count
    assert counts["training_participants"] == 70  # last year's session is not this year's
    assert counts["certified_auditors"] == 2     # one lapsed, one left
    assert counts["energy_ms_share"] == 50.0
    assert counts["adopters"] == 1 and counts["adopters_batch_api"] == 1
    assert counts["checks_this_year"] == 1200
    assert counts["batch_api_checking"] == 1    # its token was used just now


def test_auditors_by_qualification(client, planted):
    body = client.get("/api/v1/plan/tasks/4/indicators").json()
    by_name = {i["name"]: i["value"] for i in body["indicators"]
               if i["code"].startswith("certified_auditors_")}
    assert by_name == {"注册审核员：QMS 审核员": 1, "注册审核员：QMS 高级审核员": 1}


def test_work_item_code_answers_its_task(client, planted):
    assert client.get("/api/v1/plan/tasks/3-2/indicators").json()["task_number"] == 3
    assert client.get("/api/v1/plan/tasks/3-3/indicators").status_code == 404
    assert client.get("/api/v1/plan/tasks/24/indicators").status_code == 404
    assert client.get("/api/v1/plan/tasks/x/indicators").status_code == 404


def test_future_date_is_refused(client, plan):
    assert client.get("/api/v1/plan/tasks/7/indicators?as_of=2999-01-01").status_code == 400
    # Found by schemathesis: year 1 overflowed a date window (a 500).
    assert client.get("/api/v1/plan/tasks/19/indicators?as_of=0001-01-10").status_code == 400
    assert client.get("/api/v1/programmes/?as_of=0001-01-10").status_code == 400
    assert client.get("/api/v1/plan/tasks/7/indicators?as_of=2024-13-01").status_code in (400, 422)


def test_no_data_is_not_zero(client, plan):
    body = client.get("/api/v1/plan/tasks/13/indicators").json()
    share = next(i for i in body["indicators"] if i["code"] == "department_qms_share")
    assert share["value"] == 0.0  # 25 units, none certified: a real zero
    body = client.get("/api/v1/plan/tasks/12/indicators").json()
    energy = next(i for i in body["indicators"] if i["code"] == "energy_ms_share")
    assert energy["value"] is None and "无数据" in energy["source"]
    body = client.get("/api/v1/plan/tasks/19/indicators").json()
    checks = next(i for i in body["indicators"] if i["code"] == "checks_this_year")
    assert checks["value"] is None


def test_internal_notes_never_in_the_api(client, planted):
    for path in ["/api/v1/programmes/", "/api/v1/plan/tasks/7/indicators"]:
        assert "仅内部可见" not in client.get(path).content.decode()


def test_programme_counts(client, planted):
    body = client.get("/api/v1/programmes/").json()
    assert [p["code"] for p in body] == [
        "designations", "geographical_indications", "coverage", "adoption", "training",
        "integrity", "energy_government"]
    training = next(p for p in body if p["code"] == "training")
    values = {i["code"]: i["value"] for i in training["indicators"]}
    assert values["training_sessions"] == 2


def test_the_public_answer_is_kept_briefly(client, planted):
    """Anonymous requests share one count for a while (PUBLIC_CACHE_SECONDS);
    plan users always see live figures (test_views)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/plan/tasks/23/indicators")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/plan/tasks/23/indicators").status_code == 200
    assert len(captured.captured_queries) <= 2  # the plan and the task, not the counts
