"""The back-office upload page /registry/import/ and its downloads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qualitycert.audit.models import AuditEntry
from qualitycert.registry.importers import ImportBatch
from qualitycert.registry.models import Certificate
from qualitycert.testing.otp import verified_login

from .import_files import cert_row, write_csv

URL = "/registry/import/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(tmp_path, rows, name="certs.csv", **fields):
    path = write_csv(tmp_path / name, rows)
    return {"kind": "certificates", "file": SimpleUploadedFile(name, path.read_bytes()),
            **fields}


def test_url_is_named():
    assert reverse("registry:import") == URL


def test_page_shows_the_form_and_templates(client_for, supervisor):
    response = client_for(supervisor).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body and "csrfmiddlewaretoken" in body
    assert reverse("registry:import_template", kwargs={"kind": "labs", "fmt": "xlsx"}) in body


def test_upload_imports_and_shows_the_summary(tmp_path, client_for, supervisor, body_a):
    response = client_for(supervisor).post(URL, _upload(tmp_path, [cert_row(n)
                                                                   for n in range(3)]))
    assert response.status_code == 200
    assert Certificate.objects.count() == 3
    body = response.content.decode()
    assert "导入完成" in body and "新增：" in body
    entry = AuditEntry.objects.get(action="certificate.import")
    assert entry.actor == supervisor and "网页上传" in entry.actor_label


def test_bad_rows_show_an_escaped_report_and_a_download(tmp_path, client_for, supervisor,
                                                       body_a):
    client = client_for(supervisor)
    rows = [cert_row(1), cert_row(2, status="<script>alert(1)</script>")]
    response = client.post(URL, _upload(tmp_path, rows))
    assert response.status_code == 422
    body = response.content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert "未导入任何数据" in body and not Certificate.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.outcome == "rejected" and batch.error_count == 1
    report = client.get(reverse("registry:import_report", kwargs={"pk": batch.pk}))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    assert sheet["A2"].value == 3 and sheet["B2"].value == "证书状态"
    assert sheet["C2"].value == "status"


def test_the_error_table_is_in_the_page_language(tmp_path, client_for, supervisor, body_a):
    """The column's label in the page's language; its name as the file's header
    spells it, in a <code> of its own, never glued to the label."""
    from qualitycert.tests.test_i18n import data_values, wrong_language

    client = client_for(supervisor)
    rows = [cert_row(1, status="bad")]
    chinese = client.post(URL, _upload(tmp_path, rows)).content.decode()
    assert "<td>证书状态<br><small><code>status</code></small></td>" in chinese
    english = client.post(URL, _upload(tmp_path, rows), HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    assert "<td>Certificate status<br><small><code>status</code></small></td>" in html
    allowed = data_values()  # names as stored: the signed-in user, the authority
    assert wrong_language(html, "en", allowed) == []
    assert wrong_language(chinese, "zh-hans", allowed) == []


def test_unreadable_file_is_a_400_with_the_reason(tmp_path, client_for, supervisor, body_a):
    upload = {"kind": "certificates",
              "file": SimpleUploadedFile("x.xlsx", b"<html>not a workbook</html>")}
    response = client_for(supervisor).post(URL, upload)
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.content.decode()


def test_oversized_upload_is_stopped(tmp_path, client_for, supervisor, body_a, settings):
    settings.QC_MAX_UPLOAD_BYTES = 1024
    response = client_for(supervisor).post(URL, _upload(tmp_path, [cert_row(n)
                                                                   for n in range(100)]))
    assert response.status_code == 413 and not Certificate.objects.exists()


def test_wrong_method(client_for, supervisor):
    assert client_for(supervisor).put(URL).status_code == 405


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["inspector", "dept_user", "enterprise_user"])
def test_other_roles_are_forbidden(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_csrf_is_enforced(tmp_path, supervisor, body_a):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, supervisor)
    assert client.post(URL, _upload(tmp_path, [cert_row(1)])).status_code == 403
    assert not Certificate.objects.exists()


def test_operator_imports_only_certificates_of_their_body(tmp_path, client_for, cb_bob,
                                                         body_a, body_b):
    client = client_for(cb_bob)
    page = client.get(URL).content.decode()
    assert 'value="certificates"' in page and 'value="labs"' not in page
    rows = [cert_row(1, body=body_b.approval_number), cert_row(2)]
    response = client.post(URL, _upload(tmp_path, rows))
    assert response.status_code == 422 and "本机构" in response.content.decode()
    assert not Certificate.objects.exists()
    assert client.post(URL, {**_upload(tmp_path, rows[:1]), "kind": "labs"}).status_code == 400
    assert client.post(URL, _upload(tmp_path, rows[:1])).status_code == 200
    assert Certificate.objects.get().body == body_b


def test_report_of_another_organisation_is_404(tmp_path, client_for, cb_alice, cb_bob,
                                               body_a):
    client_for(cb_alice).post(URL, _upload(tmp_path, [cert_row(1, status="bad")]))
    batch = ImportBatch.objects.get()
    url = reverse("registry:import_report", kwargs={"pk": batch.pk})
    assert client_for(cb_alice).get(url).status_code == 200
    assert client_for(cb_bob).get(url).status_code == 404
    assert f"#{batch.pk}" not in client_for(cb_bob).get(URL).content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_round_trip_their_headers(tmp_path, client_for, supervisor, fmt):
    from qualitycert.lib.tabular import map_columns, open_table
    from qualitycert.registry.importers.columns import CERTIFICATE_COLUMNS, alias_map

    response = client_for(supervisor).get(
        reverse("registry:import_template", kwargs={"kind": "certificates", "fmt": fmt}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(response.content + (b"x\n" if fmt == "csv" else b""))
    if fmt == "xlsx":
        book = load_workbook(path)
        book.worksheets[0].append(["x"])
        book.save(path)
    with open_table(path) as table:
        mapped = map_columns(table.header, alias_map(CERTIFICATE_COLUMNS), required=set())
    assert set(mapped) == {c.name for c in CERTIFICATE_COLUMNS}
    assert "证书编号" in table.header[0]


def test_template_of_a_kind_the_user_may_not_import_is_404(client_for, cb_bob):
    url = reverse("registry:import_template", kwargs={"kind": "labs", "fmt": "csv"})
    assert client_for(cb_bob).get(url).status_code == 404
    bad = "/registry/import/templates/certificates.exe"
    assert client_for(cb_bob).get(bad).status_code == 404


def test_template_wrong_method(client_for, supervisor):
    url = reverse("registry:import_template", kwargs={"kind": "labs", "fmt": "csv"})
    assert client_for(supervisor).post(url).status_code == 405
