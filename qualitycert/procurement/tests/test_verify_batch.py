import json

import pytest

from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db
URL = "/api/v1/verify"


def _post(client, items, **extra):
    return client.post(URL, json.dumps({"items": items}), content_type="application/json",
                       **extra)


def test_each_verdict(client, issue, body_a, holder, in_state):
    certs = {}
    for state in ["valid", "suspended", "withdrawn", "cancelled", "expired"]:
        certs[state] = issue(body_a, holder, f"V-{state}")
        in_state(certs[state], state)
    other = make_enterprise("别人家有限公司")
    items = [{"certificate_number": f"V-{s}", "holder_uscc": holder.uscc} for s in certs]
    items += [{"certificate_number": "NOPE"},
              {"certificate_number": "V-valid", "holder_uscc": other.uscc}]
    response = _post(client, items)
    assert response.status_code == 200
    verdicts = [r["verdict"] for r in response.json()["results"]]
    assert verdicts == ["valid", "suspended", "withdrawn", "cancelled", "expired",
                        "not_found", "holder_mismatch"]
    assert [r["index"] for r in response.json()["results"]] == list(range(7))


def test_ambiguous_number_is_a_verdict_of_its_own(client, issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    results = _post(client, [{"certificate_number": cert_a.number},
                             {"certificate_number": cert_a.number,
                              "body": "CNCA-R-2003-002"}]).json()["results"]
    assert [r["verdict"] for r in results] == ["ambiguous", "valid"]
    assert results[0]["candidates"] == ["CNCA-R-2002-001", "CNCA-R-2003-002"]
    assert results[0]["certificate"] is None
    openapi = client.get("/api/v1/openapi.json").json()
    verdict = openapi["components"]["schemas"]["VerifyResultOut"]["properties"]["verdict"]
    # The contract grows only by adding: every earlier spelling is still there.
    assert set(verdict["enum"]) >= {"valid", "suspended", "withdrawn", "cancelled", "expired",
                                    "not_found", "holder_mismatch", "ambiguous"}


def test_full_width_item(client, cert_a):
    result = _post(client, [{"certificate_number": "００１２５Ｑ１０００１Ｒ０Ｍ"}]).json()["results"][0]
    assert result["verdict"] == "valid" and result["certificate"]["number"] == cert_a.number


def test_required_scheme(client, cert_a):
    results = _post(client, [
        {"certificate_number": cert_a.number, "required_scheme": "ISO9001"},
        {"certificate_number": cert_a.number, "required_scheme": "ISO14001"},
        {"certificate_number": cert_a.number},
        {"holder_uscc": cert_a.holder.uscc, "required_scheme": "management_system"},
    ]).json()["results"]
    assert [r["scheme_covered"] for r in results] == [True, False, None, True]


def test_name_only_returns_match_and_score(client, cert_a):
    result = _post(client, [{"holder_name": "天津滨海测试制造"}]).json()["results"][0]
    assert result["verdict"] == "valid"
    assert result["match"] == {"uscc": cert_a.holder.uscc, "name": "天津滨海测试制造有限公司",
                               "score": 100.0}
    fuzzy = _post(client, [{"holder_name": "天津市滨海测试制造公司"}]).json()["results"][0]
    assert fuzzy["match"]["uscc"] == cert_a.holder.uscc
    assert 85 <= fuzzy["match"]["score"] < 100


def test_more_than_a_thousand_is_422_with_a_message(client, db):
    response = _post(client, [{"certificate_number": str(n)} for n in range(1001)])
    assert response.status_code == 422
    assert "1,000" in response.json()["detail"]


def test_exactly_a_thousand_is_fine(client, cert_a):
    items = [{"certificate_number": cert_a.number}] * 1000
    response = _post(client, items)
    assert response.status_code == 200 and len(response.json()["results"]) == 1000


def test_empty_item_is_422(client, db):
    response = _post(client, [{"certificate_number": "A"}, {"required_scheme": "ISO9001"}])
    assert response.status_code == 422 and "：1" in response.json()["detail"]


def test_malformed_body_is_4xx(client, db):
    response = client.post(URL, "not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert client.post(URL, json.dumps({"items": "x"}),
                       content_type="application/json").status_code == 422


def test_wrong_method(client, db):
    assert client.get(URL).status_code == 405


def test_batch_counts_against_the_limit(client, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 12
    items = [{"certificate_number": cert_a.number}] * 1000
    assert _post(client, items).status_code == 200      # costs 11
    response = _post(client, items)
    assert response.status_code == 429 and response["Retry-After"]


def test_invalid_token_is_401(client, db):
    response = _post(client, [{"certificate_number": "A"}],
                     HTTP_AUTHORIZATION="Bearer qc_not_a_token")
    assert response.status_code == 401


def test_enterprise_found_certificate_not_is_no_certificate(client, cert_a, holder):
    """Added to the verdict list (issue 11): a registered enterprise, no certificate
    answering the item; not_found keeps meaning that neither was found."""
    items = [{"holder_uscc": holder.uscc, "required_scheme": "HACCP"},
             {"certificate_number": "NOPE", "holder_uscc": holder.uscc},
             {"certificate_number": "NOPE"},
             {"holder_uscc": holder.uscc, "required_scheme": "质量管理体系"}]
    results = _post(client, items).json()["results"]
    assert [r["verdict"] for r in results] == ["no_certificate", "no_certificate",
                                               "not_found", "valid"]
    assert results[0]["scheme_covered"] is False and results[0]["certificate"] is None
    assert results[3]["scheme_covered"] is True
