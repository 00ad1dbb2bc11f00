import pytest

pytestmark = pytest.mark.django_db


def test_document_lists_the_public_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "get" in paths["/api/v1/certificates/{number}"]
    assert "get" in paths["/api/v1/enterprises/{uscc}"]
    assert "post" in paths["/api/v1/verify"]
    cert = paths["/api/v1/certificates/{number}"]["get"]
    assert {"200", "404", "409", "429"} <= set(cert["responses"])
    schemas = response.json()["components"]["schemas"]
    assert {"number", "status", "holder", "body", "scheme", "issued_on", "expires_on",
            "verification_url"} <= set(schemas["CertificateOut"]["properties"])
    assert schemas["VerifyIn"]["properties"]["items"]["maxItems"] == 1000


def test_there_is_no_list_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/certificates" not in paths and "/api/v1/enterprises" not in paths
    assert client.get("/api/v1/certificates").status_code == 404
    assert client.get("/api/v1/certificates/").status_code == 404
    assert client.get("/api/v1/enterprises/").status_code == 404
