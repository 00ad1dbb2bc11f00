"""Refusing hostile workbooks before their parts are parsed.

A workbook is a zip of XML parts, so an upload can be a zip bomb (a small
file declaring gigabytes) or an XML bomb (entity declarations that expand
without end). `check_zip` bounds the zip from its directory alone: the
central directory is sized from the end record before ``zipfile`` builds its
member list, then every member's declared size, compression ratio and method
is checked. ``zipfile`` itself never inflates a member past its declared size
(it truncates and then fails the CRC), so the declared sizes are a real bound.
The parts read here go through defusedxml, as the reader's parsing does
(`xlsx_reader`), so entity declarations raise instead of expanding.
`xlsx_failure` turns whatever reading a workbook raises, such an XML bomb
included, into a message for the uploader.

Nothing here imports Django.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from .tabular_errors import MiB, TableError, file_error, human_size
from .xlsx_package import (
    SHARED_STRINGS_CONTENT_TYPE,
    WORKBOOK_CONTENT_TYPES,
    content_types,
    relationships,
    rels_path,
)

__all__ = ["DEFAULT_XLSX_LIMITS", "XlsxLimits", "check_zip", "xlsx_failure"]

# Parts read whole by fixed name, whatever relationships claim.
_FULLY_PARSED_PARTS = frozenset(
    {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/styles.xml",
        "xl/theme/theme1.xml",
        "docProps/core.xml",
        "docProps/custom.xml",
    }
)


@dataclass(frozen=True)
class XlsxLimits:
    """Bounds checked against a workbook's zip directory before it is parsed.

    Real workbooks compress about 5-30 times; deflate cannot exceed about 1030,
    so a ratio limit of 200 separates the two with room to spare. Small members
    are exempt from the ratio check because a few kilobytes cannot hurt and
    tiny parts compress erratically.
    """

    max_members: int = 10_000
    max_central_directory_bytes: int = 4 * MiB
    max_total_bytes: int = 2048 * MiB
    max_ratio: int = 200
    ratio_exempt_bytes: int = 1 * MiB
    # The reader holds every shared string, packed: about the text's size in RAM.
    max_shared_strings_bytes: int = 256 * MiB
    # Any other part but a worksheet is parsed whole into a tree many times its size.
    max_part_bytes: int = 32 * MiB


DEFAULT_XLSX_LIMITS = XlsxLimits()


def check_zip(raw: IO[bytes], name: str, size: int, limits: XlsxLimits) -> None:
    def refuse(zh: str, en: str) -> TableError:
        return file_error(name, f"{zh}，已拒绝（可能是压缩炸弹或损坏的文件）",
                          f"{en}; refused (a zip bomb or a damaged file)")

    # zipfile builds an object per directory entry without any limit, so the
    # directory's size is read from the end record first.
    entries, directory_size = _zip_directory_size(raw, size)
    if entries is None or directory_size is None:
        raise _not_a_workbook(name)
    if entries > limits.max_members:
        raise refuse(f"压缩包中有 {entries} 个文件", f"the zip holds {entries} members")
    if directory_size > limits.max_central_directory_bytes:
        raise refuse("压缩包目录过大", "the zip directory is too large")

    raw.seek(0)
    try:
        archive = zipfile.ZipFile(raw)
    except MemoryError:
        raise
    except Exception as exc:
        raise _not_a_workbook(name) from exc
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise refuse(f"压缩包中有 {len(members)} 个文件",
                         f"the zip holds {len(members)} members")
        sizes = {member.filename: member.file_size for member in members}
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise file_error(name, "文件已加密，请取消密码后另存为 .xlsx",
                                 "the file is encrypted; remove the password and save as .xlsx")
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refuse("压缩包使用了不常见的压缩方式", "the zip uses an unusual compression")
            total += member.file_size
            if total > limits.max_total_bytes:
                raise refuse(
                    f"解压后总大小超过 {human_size(limits.max_total_bytes)}",
                    f"the uncompressed total exceeds {human_size(limits.max_total_bytes)}",
                )
            if (
                member.file_size > limits.ratio_exempt_bytes
                and member.file_size > limits.max_ratio * max(member.compress_size, 1)
            ):
                raise refuse(
                    f"“{member.filename}”的压缩比超过 {limits.max_ratio} 倍",
                    f"{member.filename!r} is compressed more than {limits.max_ratio} times",
                )

        def read_part(part: str) -> Any:
            if sizes[part] > limits.max_part_bytes:
                raise refuse(f"“{part}”过大", f"{part!r} is too large")
            try:
                return _parse_xml(archive.read(part))
            except MemoryError:
                raise
            except Exception as exc:
                raise xlsx_failure(name, exc) from exc

        if "[Content_Types].xml" not in sizes:
            raise _not_a_workbook(name)
        overrides, defaults = content_types(read_part("[Content_Types].xml"))
        workbooks = {part for part, kind in overrides.items() if kind in WORKBOOK_CONTENT_TYPES}
        if defaults & set(WORKBOOK_CONTENT_TYPES):
            workbooks.add("xl/workbook.xml")  # the usual fallback for such files
        if not workbooks:
            raise _not_a_workbook(name)
        shared_strings = {
            part for part, kind in overrides.items() if kind == SHARED_STRINGS_CONTENT_TYPE
        }
        # Only worksheets are streamed; any other part a reader opens is parsed
        # whole. A part may therefore be large only when worksheet
        # relationships of a workbook are all that point at it: other
        # relationships (chartsheets, drawings, charts) lead readers such as
        # Excel's and openpyxl's into parts they parse whole.
        workbook_rels = {rels_path(workbook) for workbook in workbooks}
        worksheets: set[str] = set()
        others: set[str] = set()
        rels_parts = {part for part in sizes if part.endswith(".rels")}
        for rels in rels_parts:
            for _, kind, target in relationships(read_part(rels), rels):
                if rels in workbook_rels and kind.endswith("/worksheet"):
                    worksheets.add(target)
                else:
                    others.add(target)
    streamed = worksheets - others - workbooks - shared_strings - rels_parts - _FULLY_PARSED_PARTS
    for member in members:
        part = member.filename
        if part in shared_strings:
            if member.file_size > limits.max_shared_strings_bytes:
                raise refuse(
                    f"共享字符串表超过 {human_size(limits.max_shared_strings_bytes)}，"
                    "如此大的表格请另存为 CSV UTF-8 上传",
                    f"the shared-strings table exceeds "
                    f"{human_size(limits.max_shared_strings_bytes)}; upload a table this large "
                    "as CSV UTF-8",
                )
        elif part not in streamed and member.file_size > limits.max_part_bytes:
            raise refuse(f"“{part}”过大", f"{part!r} is too large")


def _zip_directory_size(raw: IO[bytes], size: int) -> tuple[int | None, int | None]:
    """(entry count, central directory bytes) from the end-of-central-directory
    record, found where zipfile looks for it: the last one in the final 64 KiB."""
    tail_length = min(size, 22 + 0xFFFF)
    raw.seek(size - tail_length)
    tail = raw.read(tail_length)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) - position < 22:
        return None, None
    entries, directory_size = struct.unpack("<HL", tail[position + 10 : position + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        # Zip64 markers: no workbook under our size limit needs them, so a
        # file that uses them is treated as carrying the maximum.
        return 0xFFFFFFFF, 0xFFFFFFFF
    return entries, directory_size


def _parse_xml(data: bytes) -> Any:
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _not_a_workbook(name: str) -> TableError:
    return file_error(
        name,
        "文件不是 Excel 工作簿（可能是 Word、WPS、.xlsb 或其他压缩文件），请另存为 .xlsx 再上传",
        "the file is not an Excel workbook (perhaps Word, WPS, .xlsb or another zip); "
        "save it as .xlsx",
    )


def xlsx_failure(name: str, exc: Exception, *, row: int | None = None) -> TableError:
    from defusedxml import DefusedXmlException

    where_zh = f"第 {row} 行附近" if row else ""
    where_en = f" near row {row}" if row else ""
    # Parse errors may come re-raised as a plain ValueError "from" the original.
    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return TableError(
            f"“{name}”{where_zh}含有不安全的 XML 内容（实体声明），已拒绝",
            f"{name!r} contains unsafe XML (entity declarations){where_en}; refused",
            row=row,
        )
    return TableError(
        f"“{name}”{where_zh}无法读取：Excel 文件已损坏或格式不受支持，"
        "请在 Excel/WPS 中另存为 .xlsx",
        f"{name!r} cannot be read{where_en}: the workbook is damaged or unsupported "
        f"({type(exc).__name__}); save it again as .xlsx",
        row=row,
    )
