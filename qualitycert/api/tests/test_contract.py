"""Every answer the API gives is JSON in the declared shape, and the OpenAPI
document lists it (issue 12): the framework's 400, 404, 413 and 422 too."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.api import contract
from qualitycert.api.schemas import NOT_BLANK

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/verify"


def _document(client):
    return client.get("/api/v1/openapi.json").json()


def _error(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_a_body_over_the_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(VERIFY, json.dumps({"items": [{"holder_name": "x" * 2000}]}),
                           content_type="application/json")
    assert "1,000" in _error(response, 413)["detail"]


def test_a_ten_megabyte_body_is_a_json_413(client):
    response = client.post(VERIFY, b"a" * (10 * 1024 * 1024), content_type="application/json")
    _error(response, 413)


def test_a_body_that_is_not_json_is_a_json_400(client):
    body = _error(client.post(VERIFY, "\x00", content_type="application/json"), 400)
    assert body["detail"] == contract.UNPARSABLE


@pytest.mark.parametrize("payload", ["[null, null]", "5", "null", '"x"'])
def test_a_body_that_is_not_an_object_is_a_json_400(client, api_token, payload):
    # A PUT of `5` used to be read as {} and remove the webhook.
    response = client.put("/api/v1/watch/webhook", payload, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert _error(response, 400)["detail"] == contract.NOT_AN_OBJECT


def test_validation_errors_are_the_declared_shape(client):
    response = client.post(VERIFY, json.dumps({"items": [{"holder_name": "x" * 201}]}),
                           content_type="application/json")
    body = _error(response, 422)
    assert body["errors"] == [{"loc": ["body", "payload", "items", 0, "holder_name"],
                               "msg": "String should have at most 200 characters",
                               "type": "string_too_long"}]
    assert "items.0.holder_name" in body["detail"]


def test_many_validation_errors_are_summed_up_in_the_detail(client):
    items = [{"holder_name": "x" * 201}] * 8
    body = _error(client.post(VERIFY, json.dumps({"items": items}),
                              content_type="application/json"), 422)
    assert len(body["errors"]) == 8 and "(+3)" in body["detail"]


def test_a_query_date_must_be_iso(client):
    assert "YYYY-MM-DD" in _error(client.get("/api/v1/plan/targets?as_of=0"), 422)["detail"]


def test_the_webhook_url_must_be_sent(client, api_token):
    response = client.put("/api/v1/watch/webhook", "{}", content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert _error(response, 422)["errors"][0]["loc"] == ["body", "payload", "url"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/certificates/a%0Ab",
                                  "/api/v1/watch/null,null"])
def test_a_path_matching_nothing_under_the_api_is_a_json_404(client, api_token, path):
    _error(client.delete(path, HTTP_AUTHORIZATION=f"Bearer {api_token}")
           if "watch" in path else client.get(path), 404)


def test_pages_outside_the_api_keep_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_django_level_errors_under_the_api_are_json():
    request = RequestFactory().post("/api/v1/verify")
    _error(contract.bad_request(request, RequestDataTooBig("big")), 413)
    _error(contract.bad_request(request, ValueError("bad")), 400)
    _error(contract.server_error(request), 500)
    page = contract.bad_request(RequestFactory().get("/registry/"), ValueError("bad"))
    assert page.status_code == 400 and not page["Content-Type"].startswith("application/json")


def test_the_document_declares_the_framework_answers(client):
    document = _document(client)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            declared = set(operation["responses"])
            where = f"{method.upper()} {path}"
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= declared, where
            if operation.get("parameters"):
                assert "422" in declared, where
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert "404" in declared, where
            for status in {"400", "404", "413", "422"} & declared:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (where, status)
    plan = document["paths"]["/api/v1/plan/targets"]["get"]["responses"]
    assert {"200", "400", "404", "422"} <= set(plan)


def test_public_operations_say_the_token_is_optional(client):
    paths = _document(client)["paths"]
    assert {} in paths["/api/v1/verify"]["post"]["security"]
    assert {} in paths["/api/v1/certificates/{number}"]["get"]["security"]
    assert {} not in paths["/api/v1/watch/"]["get"]["security"]


def test_one_of_the_rules_are_in_the_document(client):
    schemas = _document(client)["components"]["schemas"]
    watch = schemas["WatchIn"]["oneOf"]
    assert [branch["required"] for branch in watch] == [["certificate_number"],
                                                        ["enterprise_uscc"]]
    item = schemas["VerifyItemIn"]["anyOf"]
    assert [branch["required"] for branch in item] == [["certificate_number"], ["holder_uscc"],
                                                       ["holder_name"]]


BLANKS = [chr(c) for c in range(0x110000) if chr(c).isspace()]


def test_not_blank_agrees_with_strip_on_every_blank():
    assert all(re.search(NOT_BLANK, c) is None for c in BLANKS)
    # Blank in ECMAScript's \s but not in Python's: the views keep it, so may the document.
    assert re.search(NOT_BLANK, "\ufeff")


@given(st.text(alphabet=st.sampled_from([*BLANKS, "a", "\ufeff", "证", "\u200b"]), max_size=8))
def test_not_blank_means_strip_leaves_something(value):
    assert (re.search(NOT_BLANK, value) is not None) == bool(value.strip())


@pytest.mark.parametrize("path", ["/api/v1/plan/targets?plan=a%00b", "/api/v1/plan/tasks?x%00=1",
                                  "/api/v1/certificates/a%00b", "/api/v1/enterprises/%00"])
def test_nul_in_a_path_or_query_is_a_json_422(client, path):
    # PostgreSQL refuses NUL in text: left alone, the lookup was a 500.
    assert _error(client.get(path), 422)["detail"] == contract.UNSTORABLE


@pytest.mark.parametrize("text", ["a\u0000b", "\ud801", "x\udc00y"])
def test_nul_or_a_lone_surrogate_in_the_body_is_a_json_400(client, text):
    for item in ({"certificate_number": text}, {text: "x", "holder_name": "y"}):
        body = json.dumps({"items": [item]})  # escapes both as \uXXXX, as JSON allows
        response = client.post(VERIFY, body, content_type="application/json")
        assert _error(response, 400)["detail"] == contract.UNSTORABLE


def test_storable_text_is_left_alone(client):
    response = client.get("/api/v1/plan/tasks?plan=%E4%B8%8D%E5%AD%98%E5%9C%A8")
    assert response.status_code == 404
