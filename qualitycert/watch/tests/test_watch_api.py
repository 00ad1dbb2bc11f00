"""/api/v1/watch/: watchlists for API clients (bearer token required)."""

import json

import pytest

from qualitycert.accounts.models import User
from qualitycert.api import actions
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.watch import webhooks
from qualitycert.watch.models import Watch, WebhookEndpoint

pytestmark = pytest.mark.django_db
URL = "/api/v1/watch/"


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client, path, body, token):
    return client.post(path, json.dumps(body), content_type="application/json", **_auth(token))


@pytest.fixture
def other_token(supervisor):
    owner = User.objects.create_user(username="bank", password="x" * 12, role="api_client")
    _token, plaintext = actions.create_api_token(owner=owner, name="某银行",
                                                 rate_limit_per_minute=1000, actor=as_actor(supervisor))
    return plaintext


def test_token_is_required(client):
    assert client.get(URL).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.post(URL, "{}", content_type="application/json").status_code == 401


def test_add_list_remove(client, api_token, cert_a, holder):
    created = _post(client, URL, {"certificate_number": "００１２５Ｑ１０００１Ｒ０Ｍ"}, api_token)
    assert created.status_code == 201
    body = created.json()
    assert body["target"] == "certificate" and body["certificate"]["number"] == cert_a.number
    assert body["certificate"]["status"] == "valid"
    again = _post(client, URL, {"certificate_number": cert_a.number}, api_token)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    enterprise = _post(client, URL, {"enterprise_uscc": holder.uscc}, api_token)
    assert enterprise.status_code == 201 and enterprise.json()["enterprise"]["uscc"] == holder.uscc

    listing = client.get(URL, **_auth(api_token))
    assert listing.status_code == 200
    assert {w["target"] for w in listing.json()["watches"]} == {"certificate", "enterprise"}

    removed = client.delete(f"{URL}{body['id']}", **_auth(api_token))
    assert removed.status_code == 204
    assert Watch.objects.count() == 1


def test_another_owners_watch_is_404(client, api_token, other_token, cert_a):
    watch_id = _post(client, URL, {"certificate_number": cert_a.number}, api_token).json()["id"]
    assert client.delete(f"{URL}{watch_id}", **_auth(other_token)).status_code == 404
    assert Watch.objects.filter(pk=watch_id).exists()
    assert client.get(URL, **_auth(other_token)).json()["watches"] == []


def test_bad_requests(client, api_token, cert_a, holder):
    assert _post(client, URL, {}, api_token).status_code == 422
    assert _post(client, URL, {"certificate_number": cert_a.number,
                               "enterprise_uscc": holder.uscc}, api_token).status_code == 422
    assert _post(client, URL, {"certificate_number": "NO-SUCH"}, api_token).status_code == 404
    assert _post(client, URL, {"enterprise_uscc": "911201160000000000"},
                 api_token).status_code == 404
    assert client.delete(f"{URL}999999", **_auth(api_token)).status_code == 404


def test_ambiguous_number_is_409_until_body_given(client, api_token, issue, body_a, body_b,
                                                  holder):
    issue(body_a, holder, "SAME-1")
    issue(body_b, holder, "SAME-1")
    ambiguous = _post(client, URL, {"certificate_number": "SAME-1"}, api_token)
    assert ambiguous.status_code == 409
    assert set(ambiguous.json()["candidates"]) == {body_a.approval_number, body_b.approval_number}
    chosen = _post(client, URL, {"certificate_number": "SAME-1", "body": body_b.approval_number},
                   api_token)
    assert chosen.status_code == 201
    assert chosen.json()["certificate"]["body_approval_number"] == body_b.approval_number


def test_webhook_setting_and_secret(client, api_token):
    response = client.put(f"{URL}webhook", json.dumps({"url": "https://buyer.example/h"}),
                          content_type="application/json", **_auth(api_token))
    assert response.status_code == 200
    secret = response.json()["secret"]
    endpoint = WebhookEndpoint.objects.get()
    assert webhooks.unseal_secret(endpoint.sealed_secret, owner_id=endpoint.owner_id) == secret
    rotated = client.post(f"{URL}webhook/secret", **_auth(api_token))
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (None, secret)
    bad = client.put(f"{URL}webhook", json.dumps({"url": "gopher://x"}),
                     content_type="application/json", **_auth(api_token))
    assert bad.status_code == 422


def test_deliveries_are_listed(client, api_token, cert_a, supervisor, settings,
                               django_capture_on_commit_callbacks):
    from qualitycert.registry import actions as registry_actions

    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    _post(client, URL, {"certificate_number": cert_a.number}, api_token)
    with django_capture_on_commit_callbacks(execute=True):
        registry_actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    deliveries = client.get(f"{URL}deliveries", **_auth(api_token)).json()["deliveries"]
    assert [(d["certificate_number"], d["change"], d["status"]) for d in deliveries] == [
        (cert_a.number, "suspend", "no_webhook")]


def test_wrong_method(client, api_token):
    assert client.patch(URL, **_auth(api_token)).status_code == 405


def test_rate_limited(client, api_token, settings):
    from qualitycert.api.models import ApiToken

    ApiToken.objects.update(rate_limit_per_minute=2)
    codes = [client.get(URL, **_auth(api_token)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/watch/" in paths and "/api/v1/watch/{watch_id}" in paths
