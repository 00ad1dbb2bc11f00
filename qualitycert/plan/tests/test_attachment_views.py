"""Upload (POST), download (GET) and delete (POST) of report attachments."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from qualitycert.plan import actions
from qualitycert.plan.models import ReportAttachment
from qualitycert.testing.actors import as_actor

from .conftest import is_login_redirect

PDF = b"%PDF-1.7\n%%EOF\n"


def upload(client, report, name="进展说明.pdf", data=PDF, content_type="application/pdf"):
    return client.post(f"/plan/reports/{report.pk}/attachments/",
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def test_upload_then_download_by_owner_lead_and_bureau(plan, client_for, fgw_user, scjgj_user,
                                                       supervisor, file_report):
    report = file_report(fgw_user, 1, submit=False)
    assert upload(client_for(fgw_user), report).status_code == 302
    attachment = ReportAttachment.objects.get()
    for user in (fgw_user, scjgj_user, supervisor):
        response = client_for(user).get(f"/plan/attachments/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment;" in response["Content-Disposition"]


def test_a_disguised_file_is_a_400(plan, client_for, fgw_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    response = upload(client_for(fgw_user), report, name="report.pdf", data=b"MZ\x90\x00evil")
    assert response.status_code == 400
    assert "文件内容与扩展名 .pdf 不符" in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_other_units_get_404_everywhere(plan, client_for, fgw_user, kjj_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    attachment = actions.add_attachment(report, name="a.pdf", size=len(PDF),
                                        stream=io.BytesIO(PDF), actor=as_actor(fgw_user))
    stranger = client_for(kjj_user)
    assert upload(stranger, report).status_code == 404
    assert stranger.get(f"/plan/attachments/{attachment.pk}/").status_code == 404
    assert stranger.post(f"/plan/attachments/{attachment.pk}/delete/").status_code == 404
    assert ReportAttachment.objects.count() == 1


def test_owner_deletes_a_draft_file(plan, client_for, fgw_user, scjgj_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    attachment = actions.add_attachment(report, name="a.pdf", size=len(PDF),
                                        stream=io.BytesIO(PDF), actor=as_actor(fgw_user))
    url = f"/plan/attachments/{attachment.pk}/delete/"
    assert client_for(scjgj_user).post(url).status_code == 403  # the lead reads, never deletes
    assert client_for(fgw_user).post(url).status_code == 302
    assert not ReportAttachment.objects.exists()


def test_wrong_method_role_and_anonymous(plan, client_for, fgw_user, cb_alice, supervisor,
                                         file_report):
    report = file_report(fgw_user, 1, submit=False)
    attachment = actions.add_attachment(report, name="a.pdf", size=len(PDF),
                                        stream=io.BytesIO(PDF), actor=as_actor(fgw_user))
    assert client_for(fgw_user).get(f"/plan/reports/{report.pk}/attachments/").status_code == 405
    assert client_for(fgw_user).post(f"/plan/attachments/{attachment.pk}/").status_code == 405
    assert client_for(fgw_user).get(f"/plan/attachments/{attachment.pk}/delete/").status_code == 405
    assert upload(client_for(supervisor), report).status_code == 403
    assert client_for(cb_alice).get(f"/plan/attachments/{attachment.pk}/").status_code == 403
    assert is_login_redirect(client_for(None).get(f"/plan/attachments/{attachment.pk}/"))
