import base64
import json

import pytest

from qualitycert.accounts.actor import Actor
from qualitycert.api import actions
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise
from qualitycert.verification import actions as verification_actions

pytestmark = pytest.mark.django_db


def _url(number):
    return f"/api/v1/certificates/{number}"


def _b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_fields(client, cert_a):
    response = client.get(_url(cert_a.number))
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == "00125Q10001R0M" and data["status"] == "valid"
    assert data["holder"] == {"uscc": cert_a.holder.uscc, "name": "天津滨海测试制造有限公司"}
    assert data["body"] == {"approval_number": "CNCA-R-2002-001", "name": "甲认证有限公司（测试）"}
    assert data["scheme"]["code"] == "ISO9001"
    assert data["scheme"]["category"] == "management_system"
    assert data["scheme"]["standard"].startswith("GB/T 19001")
    assert (data["issued_on"], data["expires_on"]) == ("2025-01-10", "2028-01-09")
    assert data["last_surveillance_on"] is None
    assert data["verification_url"].startswith("http://127.0.0.1:8000/v/")


def test_verification_url_is_a_token_that_verifies_against_the_jwks(client, cert_a):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    token = client.get(_url(cert_a.number)).json()["verification_url"].rsplit("/v/", 1)[1]
    h, p, s = token.split(".")
    kid = json.loads(_b64(h))["kid"]
    jwk = next(k for k in client.get("/.well-known/qualitycert-keys.json").json()["keys"]
               if k["kid"] == kid)
    Ed25519PublicKey.from_public_bytes(_b64(jwk["x"])).verify(_b64(s), f"{h}.{p}".encode())
    assert client.get(f"/v/{token}").status_code == 200


@pytest.mark.parametrize("typed", ["００１２５Ｑ１０００１Ｒ０Ｍ", "00125q10001r0m"])
def test_full_width_and_lower_case(client, cert_a, typed):
    response = client.get(_url(typed))
    assert response.status_code == 200 and response.json()["number"] == cert_a.number


@pytest.mark.parametrize("state", ["suspended", "withdrawn", "cancelled", "expired"])
def test_status(client, cert_a, in_state, state):
    in_state(cert_a, state)
    assert client.get(_url(cert_a.number)).json()["status"] == state


def test_not_found(client, db):
    response = client.get(_url("NOPE-1"))
    assert response.status_code == 404 and "detail" in response.json()


def test_same_number_at_two_bodies_is_409_with_candidates(client, issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    response = client.get(_url(cert_a.number))
    assert response.status_code == 409
    assert [c["approval_number"] for c in response.json()["candidates"]] == [
        "CNCA-R-2002-001", "CNCA-R-2003-002"]
    chosen = client.get(_url(cert_a.number), {"body": "cnca-r-2003-002"})
    assert chosen.status_code == 200 and chosen.json()["body"]["approval_number"] == "CNCA-R-2003-002"


def test_body_that_did_not_issue_it_is_404(client, cert_a, body_b):
    assert client.get(_url(cert_a.number), {"body": body_b.approval_number}).status_code == 404


def test_conditional_get(client, cert_a, supervisor):
    first = client.get(_url(cert_a.number))
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "max-age" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(_url(cert_a.number), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(_url(cert_a.number), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change to the certificate changes the validator.
    from qualitycert.registry import actions as registry_actions

    registry_actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    changed = client.get(_url(cert_a.number), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["status"] == "suspended"


def test_holder_rename_changes_the_etag(client, cert_a):
    etag = client.get(_url(cert_a.number))["ETag"]
    holder = cert_a.holder
    holder.name = "天津滨海测试制造股份有限公司"
    holder.save()
    response = client.get(_url(cert_a.number), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["holder"]["name"].endswith("股份有限公司")


def test_key_rotation_changes_the_etag(client, cert_a, django_capture_on_commit_callbacks):
    etag = client.get(_url(cert_a.number))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        verification_actions.rotate_signing_key(actor=Actor.system())
    assert client.get(_url(cert_a.number), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_one_query(client, cert_a, django_assert_num_queries):
    client.get(_url(cert_a.number))  # the signing key is loaded once per process
    with django_assert_num_queries(1):
        assert client.get(_url(cert_a.number)).status_code == 200


def test_json_carries_names_verbatim(client, issue, body_a):
    evil = make_enterprise("<script>alert(1)</script>")
    issue(body_a, evil, "XSS-API")
    response = client.get(_url("XSS-API"))
    assert response["Content-Type"] == "application/json"
    assert response.json()["holder"]["name"] == "<script>alert(1)</script>"


def test_wrong_method(client, cert_a):
    assert client.post(_url(cert_a.number)).status_code == 405
    assert client.delete(_url(cert_a.number)).status_code == 405


def test_anonymous_rate_limit(client, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 2
    codes = [client.get(_url(cert_a.number)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.get(_url(cert_a.number))
    assert limited.status_code == 429 and limited["Retry-After"] == "30"
    assert "请求过于频繁" in limited.json()["detail"]


def test_token_raises_the_limit(client, cert_a, settings, api_token):
    settings.QC_RATE_ANON_PER_MINUTE = 1
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token}"}
    assert all(client.get(_url(cert_a.number), **auth).status_code == 200 for _ in range(5))
    assert client.get(_url(cert_a.number)).status_code == 200
    assert client.get(_url(cert_a.number)).status_code == 429


@pytest.mark.parametrize("header", ["Bearer qc_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "qc_x"])
def test_invalid_token_is_401(client, cert_a, api_token, header):
    response = client.get(_url(cert_a.number), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_revoked_token_is_401(client, cert_a, api_token, supervisor):
    from qualitycert.api.models import ApiToken

    actions.revoke_api_token(ApiToken.objects.get(), actor=as_actor(supervisor))
    response = client.get(_url(cert_a.number), HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert response.status_code == 401


def test_token_use_is_stamped(client, cert_a, api_token):
    from qualitycert.api.models import ApiToken

    client.get(_url(cert_a.number), HTTP_AUTHORIZATION=f"Bearer {api_token}")
    assert ApiToken.objects.get().last_used_at is not None
