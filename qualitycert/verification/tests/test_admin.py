import pytest

from qualitycert.accounts.models import User
from qualitycert.api.models import ApiToken
from qualitycert.audit.models import AuditEntry
from qualitycert.verification import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    return actions.submit_forgery_report(certificate_number="F-1", description="<b>可疑</b>")


def test_supervisor_works_the_queue(client_for, supervisor, report):
    client = client_for(supervisor)
    listing = client.get("/admin/verification/forgeryreport/")
    assert listing.status_code == 200 and "F-1" in listing.content.decode()
    url = f"/admin/verification/forgeryreport/{report.pk}/change/"
    assert "&lt;b&gt;可疑&lt;/b&gt;" in client.get(url).content.decode()
    response = client.post(url, {"new_status": "confirmed", "note": "移送稽查"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "confirmed" and report.handled_by == supervisor
    assert AuditEntry.objects.filter(action="forgery_report.confirmed").exists()


def test_cb_operator_does_not_see_the_queue(client_for, cb_alice, report):
    client = client_for(cb_alice)
    assert client.get("/admin/verification/forgeryreport/").status_code in {302, 403}
    assert client.get(f"/admin/verification/forgeryreport/{report.pk}/change/"
                      ).status_code in {302, 403, 404}


def test_adding_a_token_shows_it_once(client_for, supervisor):
    owner = User.objects.create_user(username="bank", password="x" * 12, role="api_client")
    response = client_for(supervisor).post("/admin/api/apitoken/add/", {
        "name": "银行授信", "owner": owner.pk, "rate_limit_per_minute": 900}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.token_prefix in m for m in shown)
    assert token.rate_limit_per_minute == 900
