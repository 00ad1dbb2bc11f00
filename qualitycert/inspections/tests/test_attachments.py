"""Attachments: type sniffed from the content, size-limited, stored under
MEDIA_ROOT with a random name, downloadable only by the team and bureau."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualitycert.inspections import actions
from qualitycert.inspections.models import PlanError
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def result(selection, inspector):
    return actions.save_result(selection, category="no_problem", findings="",
                               rectification_deadline=None, actor=as_actor(inspector))


@pytest.mark.parametrize(("name", "content", "ctype"), [
    ("检查记录.pdf", PDF, "application/pdf"), ("photo.PNG", PNG, "image/png"),
    ("现场.jpg", JPG, "image/jpeg"), ("现场.jpeg", JPG, "image/jpeg"),
])
def test_accepted_types(result, inspector, media, name, content, ctype) -> None:
    att = actions.add_attachment(result, SimpleUploadedFile(name, content), actor=as_actor(inspector))
    assert att.content_type == ctype and att.original_name == name
    assert att.file.path.startswith(str(media)) and name not in att.file.name
    assert Path(att.file.path).read_bytes() == content


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("evil.pdf", b"<html><script>alert(1)</script>", "只接受 PDF、JPG、PNG 文件"),
    ("photo.png", PDF, "扩展名为“.png”"),
    ("doc.exe", PDF, "扩展名为“.exe”"),
    ("empty.pdf", b"", "附件为空"),
])
def test_refused_files(result, inspector, name, content, fragment) -> None:
    with pytest.raises(PlanError, match=fragment):
        actions.add_attachment(result, SimpleUploadedFile(name, content), actor=as_actor(inspector))


def test_size_limit(result, inspector) -> None:
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(PlanError, match="不得超过10MB"):
        actions.add_attachment(result, big, actor=as_actor(inspector))


def test_download_only_for_team_and_bureau(result, inspector, partner, outsider, supervisor,
                                           dept_user, client_for) -> None:
    att = actions.add_attachment(result, SimpleUploadedFile("a.pdf", PDF), actor=as_actor(inspector))
    url = reverse("inspections:attachment", args=[att.pk])
    for user in (inspector, partner, supervisor):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(dept_user).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert client_for(inspector).post(url).status_code == 405


def test_upload_view(selection, result, inspector, outsider, client_for) -> None:
    url = reverse("inspections:attachment_upload", args=[selection.pk])
    ok = client_for(inspector).post(url, {"file": SimpleUploadedFile("a.png", PNG)})
    assert ok.status_code == 302 and result.attachments.count() == 1
    bad = client_for(inspector).post(url, {"file": SimpleUploadedFile("a.png", b"GIF89a")})
    assert bad.status_code == 400 and "PDF" in bad.content.decode()
    assert client_for(outsider).post(url, {"file": SimpleUploadedFile("a.png", PNG)}
                                     ).status_code == 404
    assert client_for(inspector).get(url).status_code == 405
