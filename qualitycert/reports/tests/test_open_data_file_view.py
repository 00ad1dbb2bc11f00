"""/reports/open-data/<file>: the generated files, streamed, rate-limited, and
nothing but the published names."""

import pytest
from django.http import StreamingHttpResponse

from qualitycert.reports.opendata import export_open_data


@pytest.fixture
def published(registry, open_data_dir):
    export_open_data(open_data_dir)
    return open_data_dir


def test_anonymous_download_is_streamed(client_for, published):
    response = client_for(None).get("/reports/open-data/certificates.csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)  # FileResponse: read in blocks
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="certificates.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == (published / "certificates.csv").read_bytes()
    assert "Last-Modified" in response


def test_json_and_manifest(client_for, published):
    assert client_for(None).get("/reports/open-data/labs.json")["Content-Type"] == \
        "application/json"
    manifest = client_for(None).get("/reports/open-data/manifest.json")
    assert manifest.status_code == 200 and b'"datasets"' in b"".join(manifest.streaming_content)


def test_not_modified(client_for, published):
    first = client_for(None).get("/reports/open-data/schemes.csv")
    again = client_for(None).get("/reports/open-data/schemes.csv",
                                 HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize("name", ["secret.csv", "..%2Fmanifest.json", ".staging-x",
                                  "certificates.xlsx", "qualitycert.sqlite3"])
def test_only_published_names(client_for, published, name):
    assert client_for(None).get(f"/reports/open-data/{name}").status_code == 404


def test_not_generated_yet_is_404(client_for, db, open_data_dir):
    assert client_for(None).get("/reports/open-data/certificates.csv").status_code == 404


def test_rate_limited_per_client(client_for, published, settings):
    settings.QC_RATE_OPEN_DATA_PER_HOUR = 2
    client = client_for(None)
    assert [client.get("/reports/open-data/bodies.csv").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/reports/open-data/bodies.csv")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "请求过于频繁" in refused.content.decode()
    other = client_for(None)
    assert other.get("/reports/open-data/bodies.csv", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_wrong_method(client_for, published):
    assert client_for(None).post("/reports/open-data/certificates.csv").status_code == 405
