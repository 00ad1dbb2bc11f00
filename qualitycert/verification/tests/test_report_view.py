import pytest

from qualitycert.audit.models import AuditEntry
from qualitycert.verification.models import ForgeryReport

pytestmark = pytest.mark.django_db
URL = "/verify/report/"
GOOD = {"certificate_number": "ＦＡＫＥ-001", "claimed_body": "某认证公司",
        "claimed_holder": "某某公司", "where_seen": "招标文件",
        "description": "编号查不到，机构名称与批准号不符"}


def test_form_is_prefilled_from_the_not_found_page(client):
    page = client.get(URL, {"certificate_number": "NO-SUCH-1"}).content.decode()
    assert 'value="NO-SUCH-1"' in page and "举报" in page


def test_report_lands_in_the_queue_with_an_audit_entry(client):
    response = client.post(URL, GOOD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"] == "/verify/report/thanks/"
    report = ForgeryReport.objects.get()
    assert report.number_key == "FAKE-001" and report.status == "new"
    assert report.client_address == "203.0.113.9"
    entry = AuditEntry.objects.get(action="forgery_report.submit")
    assert entry.object_id == str(report.pk) and "公众" in entry.actor_label
    assert "感谢" in client.get(response["Location"]).content.decode()


def test_description_is_required(client):
    response = client.post(URL, {**GOOD, "description": ""})
    assert response.status_code == 400
    assert ForgeryReport.objects.count() == 0


def test_honeypot_drops_the_report_quietly(client):
    response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert ForgeryReport.objects.count() == 0


def test_reports_per_hour_are_limited(client, settings):
    settings.QC_RATE_REPORTS_PER_HOUR = 2
    codes = [client.post(URL, GOOD).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert ForgeryReport.objects.count() == 2


def test_submitted_text_is_escaped_when_shown_back(client):
    response = client.post(URL, {**GOOD, "description": "", "claimed_holder": "<script>x</script>"})
    assert "<script>x</script>" not in response.content.decode()


def test_wrong_method(client):
    assert client.put(URL).status_code == 405
    assert client.post("/verify/report/thanks/").status_code == 405
