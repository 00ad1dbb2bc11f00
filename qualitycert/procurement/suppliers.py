"""Checking a supplier list uploaded in the browser (seed 二(三)4, 采信 in
procurement): read the file, check every row with the same verdict logic as
POST /api/v1/verify (batch.py), and lay the verdicts out as a table and as an
XLSX that carries the uploader's own columns with the verdict beside them.

Reading goes through qualitycert.lib.tabular, so a hostile file (zip bomb,
XML entities, a text file named .xlsx, a legacy .xls) ends in a TableError
with a message the uploader can act on. Writing goes through
qualitycert.lib.xlsx, so text a spreadsheet would run as a formula comes
back as a plain string cell.

What is kept, and for how long (decided here, relied on by views_suppliers):
the uploaded file is read from the upload handler's temporary file and never
stored. The results table is rendered once, in the response to the upload.
The result workbook is stored in the database (SupplierCheck) for
QC_SUPPLIER_RESULT_TTL_SECONDS (default one hour) so the uploader can
download it; the link carries a 256-bit random token of which only the
SHA-256 digest is stored, so neither a guess nor a database reader finds it.
After expiry the download is a 404 and the row is deleted at the next upload
(`purge_expired_checks`). These rows record a lookup, not a change to the
registry, so they are not written to the audit chain.

Limits (read from settings on every call):

    QC_SUPPLIER_LIST_MAX_ROWS        data rows per file (5,000); more is refused
    QC_SUPPLIER_LIST_MAX_BYTES       upload size (10 MiB)
    QC_SUPPLIER_RESULT_TTL_SECONDS   how long the result XLSX can be downloaded (3,600)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from qualitycert.lib import signing
from qualitycert.lib import uscc as uscc_lib
from qualitycert.lib.i18n import pick
from qualitycert.lib.tabular import TableError, XlsxLimits, map_columns, open_table
from qualitycert.lib.xlsx import Filled, write_xlsx
from qualitycert.verification.names import NameMatch
from qualitycert.verification.queries import PublicCertificate, today

from . import batch
from . import presentation as shown
from .models import SupplierCheck

MiB = 1024 * 1024
# A public upload gets far tighter bounds than a registry import: a 5,000-row
# list is well under a megabyte uncompressed.
XLSX_LIMITS = XlsxLimits(max_members=200, max_central_directory_bytes=256 * 1024,
                         max_total_bytes=64 * MiB, max_shared_strings_bytes=16 * MiB,
                         max_part_bytes=8 * MiB)
# The same bounds as the JSON API's items (api/schemas.py VerifyItemIn).
MAX_LENGTH = {"supplier_name": 200, "uscc": 40, "certificate_number": 100,
              "required_scheme": 40, "body": 40}
UNCHECKED = shown.UNCHECKED
EXAMPLE = shown.EXAMPLE


def max_rows() -> int:
    return int(settings.QC_SUPPLIER_LIST_MAX_ROWS)


def max_bytes() -> int:
    return int(settings.QC_SUPPLIER_LIST_MAX_BYTES)


def result_ttl() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.QC_SUPPLIER_RESULT_TTL_SECONDS))


@dataclass(frozen=True)
class Column:
    name: str
    label_zh: str
    example: str
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        """The template's header cell, read back on upload: what the file says,
        not a screen's words, so it keeps both spellings the reader accepts."""
        return f"{self.label_zh} {self.name}"

    @property
    def label(self) -> str:
        """The column's label in the active language."""
        return pgettext("supplier column", self.label_zh)


COLUMNS: tuple[Column, ...] = (
    Column("supplier_name", "供应商名称", "天津滨海示例制造有限公司",
           ("供应商", "企业名称", "单位名称", "名称", "holder_name", "company_name")),
    Column("uscc", "统一社会信用代码", "91120116MA05XXXXXX",
           ("社会信用代码", "信用代码", "holder_uscc")),
    Column("certificate_number", "证书编号", "00125Q10001R0M", ("证书号",)),
    Column("required_scheme", "要求的认证项目", "ISO9001",
           ("认证项目", "认证要求", "要求的认证", "scheme")),
    Column("body", "认证机构批准号", "CNCA-R-2002-001",
           ("发证机构批准号", "机构批准号", "body_approval_number")),
)
IDENTIFYING = ("supplier_name", "uscc", "certificate_number")
# The first alias is the Chinese label map_columns names in its messages; the
# header as the template spells it ("供应商名称 supplier_name") is accepted too.
_ALIASES = {c.name: (c.label_zh, c.header, *c.aliases) for c in COLUMNS}


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierRow:
    row_number: int          # as Excel/WPS shows it
    cells: tuple[str, ...]   # the uploader's own cells, echoed in the result
    item: batch.BatchItem
    problem: str = ""        # set: the row is not checked, and this says why
    example: bool = False    # the template's example row, left in: ignored


@dataclass(frozen=True)
class SupplierList:
    file_name: str
    header: tuple[str, ...]
    rows: tuple[SupplierRow, ...]


def read_supplier_list(path: str | Path, *, file_name: str) -> SupplierList:
    """Read and bound-check the upload. Raises TableError for a file that is
    refused as a whole (unreadable, no usable columns, too many rows)."""
    limit = max_rows()
    with open_table(path, max_bytes=max_bytes(), filename=file_name,
                    xlsx_limits=XLSX_LIMITS) as table:
        found = map_columns(table.header, _ALIASES, required=(), allow_unknown=True)
        if not any(name in found for name in IDENTIFYING):
            raise TableError(
                "表头中没有“供应商名称”“统一社会信用代码”或“证书编号”列，请使用模板",
                "the header has none of supplier_name, uscc, certificate_number; "
                "please use the template")
        width = len(table.header)
        rows: list[SupplierRow] = []
        for row_number, cells in table:
            if len(rows) >= limit:
                raise TableError(
                    f"文件超过 {limit:,} 行数据，请拆分后分批核验",
                    f"the file has more than {limit:,} data rows; split it and check the "
                    "parts one by one", row=row_number)
            rows.append(_row(row_number, cells[:width], found))
    if not rows:
        raise TableError("文件中只有表头，没有数据行", "the file has a header but no data rows")
    return SupplierList(file_name, tuple(table.header), tuple(rows))


def _row(row_number: int, cells: list[str], found: dict[str, int]) -> SupplierRow:
    values = {name: cells[index].strip() for name, index in found.items()}
    too_long = [name for name, value in values.items() if len(value) > MAX_LENGTH[name]]
    item = batch.BatchItem(
        certificate_number=values.get("certificate_number", "")[:MAX_LENGTH["certificate_number"]],
        holder_uscc=values.get("uscc", "")[:MAX_LENGTH["uscc"]],
        holder_name=values.get("supplier_name", "")[:MAX_LENGTH["supplier_name"]],
        required_scheme=values.get("required_scheme", "")[:MAX_LENGTH["required_scheme"]],
        body=values.get("body", "")[:MAX_LENGTH["body"]],
    )
    problem = ""
    if all(values.get(c.name, "") == c.example for c in COLUMNS if c.name in IDENTIFYING):
        return SupplierRow(row_number, tuple(cells), item, str(shown.ADVICE[EXAMPLE]),
                           example=True)
    if too_long:
        problem = (_("内容过长，未核验：") + ", ".join(
            f"{_column(name).label} > {MAX_LENGTH[name]}" for name in too_long))
    elif item.is_empty:
        problem = _("缺少供应商名称、统一社会信用代码或证书编号，未核验")
    return SupplierRow(row_number, tuple(cells), item, problem)


def _column(name: str) -> Column:
    return next(c for c in COLUMNS if c.name == name)


# --- checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowOutcome:
    row: SupplierRow
    verdict: str
    scheme_covered: bool | None = None
    certificate: PublicCertificate | None = None
    match: NameMatch | None = None
    note: str = ""           # the lookup's own details (candidates, declaration …)
    live_status: str = ""
    days_left: int | None = None   # until the certificate expires, from the day checked
    dishonest: bool = False
    unknown_scheme: bool = False

    @property
    def certificate_path(self) -> str:
        cert = self.certificate
        if cert is None:
            return ""
        return reverse("verification:certificate",
                       args=[cert.body_approval_number, cert.number])

    @property
    def expiring_soon(self) -> bool:
        return (self.verdict == "valid" and self.days_left is not None
                and 0 <= self.days_left <= shown.EXPIRING_DAYS)

    @property
    def warning(self) -> str:
        """Why a valid row is shown as a warning ("" when it is not)."""
        if self.verdict != "valid":
            return ""
        if self.scheme_covered is False:
            return "not_covered"
        if self.dishonest:
            return "dishonest"
        return "expiring" if self.expiring_soon else ""

    @property
    def label(self) -> str:
        warning = {"not_covered": shown.NOT_COVERED_LABEL, "dishonest": shown.DISHONEST_LABEL,
                   "expiring": shown.EXPIRING_LABEL}.get(self.warning)
        return str(warning or shown.VERDICT_LABELS[self.verdict])

    @property
    def tone(self) -> str:
        return shown.WARN if self.warning else shown.TONES[self.verdict]

    @property
    def fill(self) -> str:
        return shown.FILLS[self.tone]

    @property
    def matched_name(self) -> str:
        """The registered enterprise a name-only row was taken to be ("" if none)."""
        m = self.match
        return m.name if m is not None and m.accepted and not self.row.item.holder_uscc else ""

    @property
    def status_text(self) -> str:
        """The certificate's own state, in words; never "有效" beside another holder."""
        if self.certificate is None:
            return ""
        if self.verdict == "holder_mismatch":
            return str(shown.NOT_APPLICABLE_STATUS)
        return str(shown.VERDICT_LABELS.get(self.live_status, self.live_status))

    @property
    def advice(self) -> str:
        """What is wrong and what to do, for every row that is not plainly valid."""
        parts: list[str] = []
        cert = self.certificate
        if self.row.problem:
            parts.append(self.row.problem)
        elif self.verdict in shown.ADVICE:
            parts.append(str(shown.ADVICE[self.verdict]))
        if self.verdict == "holder_mismatch" and cert is not None:
            parts.append(str(shown.OTHER_HOLDER) % {"name": cert.holder_name})
        m = self.match
        if self.verdict == "not_found" and m is not None and not m.accepted:
            parts.append(str(shown.NEAR_NAME) % {"name": m.name})
        if self.matched_name:
            parts.append(str(shown.MATCHED_NAME) % {"name": self.matched_name})
        if self.warning == "not_covered" and cert is not None:
            parts.append(str(shown.NOT_COVERED_ADVICE) % {
                "scheme": cert.scheme_name or cert.scheme_code,
                "required": self.row.item.required_scheme})
        if self.dishonest:
            parts.append(str(shown.DISHONEST_ADVICE))
        if self.expiring_soon and cert is not None:
            parts.append(str(shown.EXPIRING_ADVICE) % {
                "date": cert.expires_on.isoformat(), "days": self.days_left})
        if self.unknown_scheme:
            parts.append(str(shown.UNKNOWN_SCHEME_ADVICE) % {
                "raw": self.row.item.required_scheme})
        if self.note:
            parts.append(self.note)
        return " ".join(p if p.endswith(("。", ".")) else p + ("。" if _is_cjk(p) else ".")
                        for p in parts)


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[-3:])


@dataclass(frozen=True)
class CheckedList:
    source: SupplierList
    outcomes: tuple[RowOutcome, ...]
    on: dt.date

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(o.verdict for o in self.outcomes)
        return {v: counted[v] for v in (*VERDICT_ORDER, UNCHECKED, EXAMPLE) if counted[v]}

    @property
    def expiring(self) -> int:
        return sum(1 for o in self.outcomes if o.expiring_soon)


VERDICT_ORDER = batch.VERDICTS


def check_supplier_list(source: SupplierList, *, on: dt.date | None = None) -> CheckedList:
    """Every checkable row through batch.verify_batch, in slices the size the
    API allows, so a file and an API call give the same verdicts."""
    on = on or today()
    checkable = [row for row in source.rows if not row.problem and not row.example]
    verdicts: dict[int, batch.ItemResult] = {}
    for start in range(0, len(checkable), batch.MAX_ITEMS):
        part = checkable[start:start + batch.MAX_ITEMS]
        for row, checked in zip(part, batch.verify_batch([r.item for r in part], on=on),
                                strict=True):
            verdicts[row.row_number] = checked
    outcomes = []
    for row in source.rows:
        result = verdicts.get(row.row_number)
        if result is None:
            outcomes.append(RowOutcome(row, EXAMPLE if row.example else UNCHECKED))
            continue
        # A requirement the batch knows always sets scheme_covered to True or False.
        unknown_scheme = bool(row.item.required_scheme) and result.scheme_covered is None
        notes = [n for n in (_own_note(result.note, unknown_scheme),
                             _uscc_note(row.item.holder_uscc)) if n]
        if result.candidates:
            notes.append(_("候选机构：") + ", ".join(result.candidates))
        if result.declaration is not None:
            notes.append(_("自我声明 %(number)s") % {"number": result.declaration.number})
        cert = result.certificate
        outcomes.append(RowOutcome(
            row, result.verdict, scheme_covered=result.scheme_covered, certificate=cert,
            match=result.name_match, note="; ".join(notes),
            live_status=cert.live_status(on) if cert is not None else "",
            days_left=(cert.expires_on - on).days if cert is not None else None,
            dishonest=result.holder_dishonest, unknown_scheme=unknown_scheme))
    return CheckedList(source, tuple(outcomes), on)


def _own_note(note: str, unknown_scheme: bool) -> str:
    """The batch note, less what the advice already says in plainer words."""
    said = {_("证书持有人与所填企业不符"), _("已找到该企业，但未找到此编号的证书"),
            _("已找到该企业，但未找到其相应证书")}
    unknown = _("未知的认证项目或类别：%(raw)s") % {"raw": ""}
    return "; ".join(p for p in note.split("; ") if p and p not in said
                     and not (unknown_scheme and p.startswith(unknown)))


def _uscc_note(raw: str) -> str:
    if not raw or uscc_lib.is_valid(raw):
        return ""
    try:
        uscc_lib.validate(raw)
    except uscc_lib.InvalidUSCC as exc:
        return _("统一社会信用代码有误：%(reason)s") % {"reason": pick(exc.reason_zh, exc.reason_en)}
    return ""


# --- the result workbook -----------------------------------------------------------------

VERDICT_LABELS = shown.VERDICT_LABELS
# Human columns first, the verdict in words (coloured) in column A; the
# machine-readable codes follow in columns of their own (issue 11).
RESULT_COLUMNS = (
    gettext_lazy("核验结论"), gettext_lazy("说明与建议"), gettext_lazy("原行号"),
)
CERTIFICATE_COLUMNS = (
    gettext_lazy("核验证书编号"), gettext_lazy("持证企业"), gettext_lazy("认证项目"),
    gettext_lazy("认证机构"), gettext_lazy("证书状态"), gettext_lazy("有效期至"),
    gettext_lazy("剩余天数"), gettext_lazy("满足认证要求"), gettext_lazy("查询链接"),
)
CODE_COLUMNS = (
    gettext_lazy("结论代码"), gettext_lazy("证书状态代码"), gettext_lazy("认证项目代码"),
    gettext_lazy("认证机构批准号"), gettext_lazy("持证企业统一社会信用代码"),
    gettext_lazy("名称相似度"),
)
NOTES = (
    (gettext_lazy("颜色"), gettext_lazy(
        "绿色：证书有效，可以采信；黄色：需核实后再采信（暂停、即将到期、不满足认证要求等）；"
        "红色：不能采信；灰色：未核验")),
    (gettext_lazy("结论代码"), gettext_lazy(
        "供系统读取：valid 有效；suspended 暂停；withdrawn 撤销；cancelled 注销；expired 过期；"
        "not_found 未找到企业和证书；no_certificate 找到企业，未找到证书；"
        "holder_mismatch 证书持有人与所填企业不符；ambiguous 多个认证机构有此编号；"
        "unchecked 该行未核验；example_row 模板示例行，已忽略")),
    (gettext_lazy("满足认证要求"), gettext_lazy(
        "是：有效证书覆盖所要求的认证项目；否：不覆盖；空：未填写要求")),
    (gettext_lazy("即将到期"), gettext_lazy("有效期在 30 天内届满的证书标为黄色")),
    (gettext_lazy("依据"), gettext_lazy("质量认证监管信息系统登记数据")),
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("是") if value else _("否"))


def result_rows(checked: CheckedList) -> Iterator[list[object]]:
    base = settings.PUBLIC_BASE_URL
    width = len(checked.source.header)
    for o in checked.outcomes:
        cert, match = o.certificate, o.match
        cells: list[object] = [Filled(o.label, o.fill), o.advice, o.row.row_number,
                               *o.row.cells, *[""] * (width - len(o.row.cells))]
        if cert is not None:
            cells += [cert.number, cert.holder_name, cert.scheme_name or cert.scheme_code,
                      cert.body_name, o.status_text, cert.expires_on,
                      o.days_left if o.verdict == "valid" else None,
                      _yes_no(o.scheme_covered), base + o.certificate_path]
        else:
            cells += ["", "", "", "", "", None, None, _yes_no(o.scheme_covered), ""]
        cells += [o.verdict, o.live_status, cert.scheme_code if cert else "",
                  cert.body_approval_number if cert else "", cert.holder_uscc if cert else "",
                  match.score if match else None]
        yield cells


def result_workbook(checked: CheckedList) -> bytes:
    header = [*(str(c) for c in RESULT_COLUMNS), *checked.source.header,
              *(str(c) for c in (*CERTIFICATE_COLUMNS, *CODE_COLUMNS))]
    notes: list[Sequence[object]] = [
        [_("文件"), checked.source.file_name],
        [_("核验日期"), checked.on],
        *([str(label), str(text)] for label, text in NOTES),
        *([Filled(str(VERDICT_LABELS[v]), shown.FILLS[shown.TONES[v]]), n]
          for v, n in checked.counts.items()),
    ]
    if checked.expiring:
        notes.append([Filled(str(shown.EXPIRING_LABEL), shown.FILLS[shown.WARN]),
                      checked.expiring])
    out = io.BytesIO()
    write_xlsx(out, [(_("核验结果"), header, result_rows(checked)),
                     (_("说明"), [_("项目"), _("内容")], notes)])
    return out.getvalue()


# --- the blank templates -----------------------------------------------------------------


def template_csv() -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    # The BOM makes Excel on Windows open the file as UTF-8 instead of GBK.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


# The template's headers ("供应商名称 supplier_name") are what an upload is read by, in
# either language; the notes follow the language of the page: each column's
# label, then its name as the header spells it, each in a cell of its own.
TEMPLATE_NOTES = (
    ("supplier_name", gettext_lazy("与统一社会信用代码、证书编号至少填一项；名称可不完全一致")),
    ("uscc", gettext_lazy("18位（GB 32100-2015）")),
    ("certificate_number", gettext_lazy("证书上印的编号")),
    ("required_scheme", gettext_lazy(
        "选填：认证项目名称（如 质量管理体系）、代码（如 ISO9001、CCC）或类别"
        "（management_system、product、service、food_agri）")),
    ("body", gettext_lazy("选填：同一编号在多个机构存在时区分（CNCA-R-…）")),
    ("", gettext_lazy("第 2 行是示例，可删除；如未删除，核验时会被识别并忽略")),
)


def template_xlsx() -> bytes:
    out = io.BytesIO()
    notes = [(_column(name).label if name else "", name, str(text))
             for name, text in TEMPLATE_NOTES]
    write_xlsx(out, [(_("供应商名单"), [c.header for c in COLUMNS],
                      [[c.example for c in COLUMNS]]),
                     (_("说明"), [_("列"), _("列名代码"), _("说明")], notes)])
    return out.getvalue()


# --- keeping the result for its download -----------------------------------------------------


def purge_expired_checks(*, now: dt.datetime | None = None) -> int:
    deleted, _ = SupplierCheck.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def keep_result(checked: CheckedList, *, now: dt.datetime | None = None) -> tuple[SupplierCheck, str]:
    """Store the result workbook; returns the row and the download token (the
    only time the token exists in clear)."""
    now = now or timezone.now()
    token = signing.random_token(prefix="")
    with transaction.atomic():
        purge_expired_checks(now=now)
        row = SupplierCheck.objects.create(
            token_digest=signing.token_digest(token), file_name=checked.source.file_name[:200],
            row_count=len(checked.outcomes), counts=checked.counts,
            result_xlsx=result_workbook(checked), expires_at=now + result_ttl())
    return row, token


def kept_result(token: str, *, now: dt.datetime | None = None) -> SupplierCheck | None:
    token = (token or "").strip()
    if not token or len(token) > 200:
        return None
    return SupplierCheck.objects.filter(token_digest=signing.token_digest(token),
                                        expires_at__gt=now or timezone.now()).first()


def result_file_name(check: SupplierCheck) -> str:
    stem = Path(check.file_name).stem or "suppliers"
    # Header-safe: the name is the uploader's, and goes into Content-Disposition.
    safe = "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:60] or "suppliers"
    return f"{safe}-{_('核验结果')}-{check.created_at.date().isoformat()}.xlsx"
