"""actions.add_attachment / delete_attachment: type, size, owner, state."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from qualitycert.audit.models import AuditEntry
from qualitycert.plan import actions
from qualitycert.plan.models import ReportAttachment
from qualitycert.plan.uploads import MAX_ATTACHMENT_BYTES
from qualitycert.testing.actors import as_actor

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def attach(report, user, name: str, data: bytes, size: int | None = None):
    return actions.add_attachment(report, name=name, size=len(data) if size is None else size,
                                  stream=io.BytesIO(data), actor=as_actor(user))


@pytest.mark.parametrize(("name", "data"), [
    ("进展.pdf", PDF), ("photo.PNG", PNG), ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
    ("说明.docx", ooxml("word/document.xml")), ("数据.xlsx", ooxml("xl/workbook.xml")),
])
def test_allowed_types_are_stored_under_media_root(plan, fgw_user, file_report, settings,
                                                   name, data):
    report = file_report(fgw_user, 1, submit=False)
    attachment = attach(report, fgw_user, name, data)
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.read_bytes() == data
    assert attachment.original_name == name and name not in stored.name
    assert AuditEntry.objects.filter(action="plan.attachment.add").count() == 1


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("virus.exe", b"MZ" + b"\x00" * 10, "不支持的文件类型“exe”"),
    ("fake.pdf", b"MZ\x90\x00", "与扩展名 .pdf 不符"),
    ("fake.docx", ooxml("xl/workbook.xml"), "与扩展名 .docx 不符"),
    ("noext", PDF, "不支持的文件类型“无扩展名”"),
    ("empty.pdf", b"", "文件是空的"),
])
def test_bad_files_are_refused(plan, fgw_user, file_report, name, data, reason):
    report = file_report(fgw_user, 1, submit=False)
    with pytest.raises(actions.PlanError, match=reason):
        attach(report, fgw_user, name, data)
    assert not ReportAttachment.objects.exists()


def test_over_10_mb_is_refused(plan, fgw_user, file_report):
    report = file_report(fgw_user, 1, submit=False)
    with pytest.raises(actions.PlanError, match="10 MB"):
        attach(report, fgw_user, "big.pdf", PDF, size=MAX_ATTACHMENT_BYTES + 1)


def test_only_the_owner_attaches_and_only_while_editable(plan, fgw_user, scjgj_user,
                                                         file_report):
    report = file_report(fgw_user, 1, submit=False)
    with pytest.raises(PermissionDenied):
        attach(report, scjgj_user, "a.pdf", PDF)
    report = actions.submit_report(report, actor=as_actor(fgw_user))
    with pytest.raises(actions.PlanError, match="报告已报送，不能添加附件"):
        attach(report, fgw_user, "a.pdf", PDF)


def test_delete_removes_the_file_after_commit(plan, fgw_user, file_report, django_capture_on_commit_callbacks):
    report = file_report(fgw_user, 1, submit=False)
    attachment = attach(report, fgw_user, "a.pdf", PDF)
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            actions.delete_attachment(attachment, actor=as_actor(fgw_user))
    assert not path.exists()
    assert not ReportAttachment.objects.exists()
    assert AuditEntry.objects.filter(action="plan.attachment.delete").exists()
