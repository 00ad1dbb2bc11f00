import pytest

pytestmark = pytest.mark.django_db


def _url(uscc):
    return f"/api/v1/enterprises/{uscc}"


def test_profile(client, cert_a, cert_b, in_state, holder):
    in_state(cert_b, "withdrawn")
    response = client.get(_url(holder.uscc))
    assert response.status_code == 200
    data = response.json()
    assert (data["uscc"], data["name"], data["legal_status"]) == (
        holder.uscc, holder.name, "active")
    assert data["certificate_counts"]["valid"] == 1
    assert data["certificate_counts"]["withdrawn"] == 1
    assert [(c["number"], c["status"]) for c in data["certificates"]] == [
        (cert_a.number, "valid"), (cert_b.number, "withdrawn")]
    assert data["certificates"][0]["body"]["approval_number"] == "CNCA-R-2002-001"
    assert data["certificates"][0]["scheme"]["category"] == "management_system"


def test_full_width_uscc(client, holder):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in holder.uscc.lower())
    assert client.get(_url(wide)).json()["uscc"] == holder.uscc


@pytest.mark.parametrize("uscc", ["91120116MA05ABCD1X", "short", "<script>"])
def test_unknown_is_404(client, db, uscc):
    response = client.get(_url(uscc))
    assert response.status_code == 404 and "detail" in response.json()


def test_wrong_method(client, holder):
    assert client.post(_url(holder.uscc)).status_code == 405


def test_rate_limited(client, holder, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 1
    assert client.get(_url(holder.uscc)).status_code == 200
    assert client.get(_url(holder.uscc)).status_code == 429
