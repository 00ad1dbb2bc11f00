"""Checking a report attachment before it is stored: size, and a type decided
by the file's own bytes agreeing with its name (a renamed .exe is refused)."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# extension → (content type, check on the first bytes / the zip directory)
_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
ALLOWED_EXTENSIONS = tuple(sorted(_TYPES))
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class AttachmentError(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _magic_matches(extension: str, head: bytes, stream: IO[bytes]) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and _OOXML_MAIN_PART[extension] in names


def check_attachment(name: str, size: int, stream: IO[bytes]) -> CheckedFile:
    """Raise AttachmentError with the reason (in the active language), or
    describe the file."""
    name = (name or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:200]
    extension = _extension(name)
    if extension not in _TYPES:
        raise AttachmentError(
            gettext("不支持的文件类型“%(type)s”，仅限 PDF、DOCX、XLSX、JPG、PNG")
            % {"type": extension or gettext("无扩展名")})
    if size <= 0:
        raise AttachmentError(gettext("文件是空的"))
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(gettext("文件大小 %(size)s MB 超过上限 10 MB")
                              % {"size": f"{size / 1048576:.1f}"})
    stream.seek(0)
    head = stream.read(16)
    if not _magic_matches(extension, head, stream):
        raise AttachmentError(gettext("文件内容与扩展名 .%(ext)s 不符") % {"ext": extension})
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedFile(name=name, extension=extension, content_type=_TYPES[extension],
                       size=size, sha256=digest.hexdigest())
