"""Imports of the programmes' records from CSV or XLSX, all rows or none.

Each kind names its columns (the English name or the Chinese label in the
header; docs/data-formats.md has the templates) and turns a row into a
record's fields, refusing anything that is not what the column says: a
count must be digits ("十五" is refused, issue 11 item 7), a date
YYYY-MM-DD, a kind its code or its Chinese label, an enterprise a USCC in
the registry. Every bad row is reported; if there is one, nothing is
written. A good file is written in one transaction with one audit entry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext, gettext_noop, override

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib.i18n import is_english
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.lib.tabular import TableError, map_columns, open_table
from qualitycert.plan.models import Department
from qualitycert.registry.models import Certificate, CertificationBody, Enterprise

from .access import require_bureau
from .models import (
    AdopterKind,
    Adoption,
    AdoptionMethod,
    BodyPerson,
    CertificateParticulars,
    CheckVolume,
    DepartmentQMS,
    Designation,
    DesignationKind,
    DesignationLevel,
    GIKind,
    GIProduct,
    KeyEnergyUser,
    PersonRole,
    TrainingAudience,
    TrainingSession,
)

MAX_ERRORS_KEPT = 200


class CellError(ValueError):
    pass


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    """`label` is the Chinese header a file may use instead of `name`, and
    the msgid of the column's name in a report (`gettext(label)`)."""

    name: str
    label: str
    parse: Parser
    required: bool = True


def text(limit: int) -> Parser:
    def parse(raw: str) -> str:
        value = raw.strip()
        if len(value) > limit:
            raise CellError(gettext("超过%(n)s个字符") % {"n": limit})
        return value
    return parse


def _plain(raw: str) -> str:
    """Full-width digits and dashes as people type them (１５, ２０２６－０３－０１)."""
    return unicodedata.normalize("NFKC", raw).strip()


def date(raw: str) -> dt.date | None:
    value = _plain(raw)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) \
            else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> dt.date:
    raise CellError(gettext("日期应为YYYY-MM-DD：%(value)s") % {"value": value})


def month(raw: str) -> dt.date:
    value = _plain(raw)
    if not re.fullmatch(r"\d{4}-\d{2}", value) or not 1 <= int(value[5:]) <= 12:
        raise CellError(gettext("月份应为YYYY-MM：%(value)s") % {"value": value})
    return dt.date(int(value[:4]), int(value[5:]), 1)


MAX_COUNT = 2_000_000_000  # a PositiveIntegerField holds it on every database
MAX_DECIMAL = Decimal("999999999999")  # 14 digits, 2 of them after the point


def count(raw: str) -> int:
    value = _plain(raw) or "0"
    if not value.isascii() or not value.isdigit() or len(value) > 10 or int(value) > MAX_COUNT:
        raise CellError(gettext("应为非负整数：%(value)s") % {"value": raw})
    return int(value)


def decimal(raw: str) -> Decimal | None:
    value = _plain(raw)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(gettext("应为数字：%(value)s") % {"value": raw}) from None
    if not number.is_finite() or number < 0 or number > MAX_DECIMAL:
        raise CellError(gettext("应为非负数：%(value)s") % {"value": raw})
    return number


def choice(choices: type[models.TextChoices]) -> Parser:
    """A code or its Chinese label (the labels are lazy: read in Chinese,
    the files' language, whatever the reader's language)."""
    by_text = {str(v): v for v in choices.values}
    with override(settings.LANGUAGE_CODE):
        chinese = [str(label) for _, label in choices.choices]
    by_text.update(zip(chinese, choices.values, strict=True))

    def parse(raw: str) -> str:
        value = by_text.get(raw.strip())
        if value is None:
            # An English report lists the codes: the Chinese labels would not read.
            shown = ", ".join(choices.values) if is_english() else "、".join(chinese)
            raise CellError(gettext("应为%(choices)s之一：%(value)s")
                            % {"choices": shown, "value": raw})
        return str(value)
    return parse


def enterprise(raw: str) -> Enterprise:
    key = normalize_identifier(raw)
    found = Enterprise.objects.filter(uscc=key).first()
    if found is None:
        raise CellError(gettext("登记库中没有该企业：%(uscc)s") % {"uscc": key})
    return found


def enterprises(raw: str) -> list[Enterprise]:
    return [enterprise(part) for part in re.split(r"[;；,，、\s]+", raw) if part.strip()]


def department(raw: str) -> Department:
    value = raw.strip()
    for unit in Department.objects.all():
        if value in (unit.code, unit.name, *unit.aliases):
            return unit
    raise CellError(gettext("没有此责任单位：%(value)s") % {"value": value})


def body(raw: str) -> CertificationBody:
    key = normalize_identifier(raw)
    found = CertificationBody.objects.filter(approval_number=key).first()
    if found is None:
        raise CellError(gettext("没有此认证机构批准号：%(value)s") % {"value": key})
    return found


def optional(parse: Parser) -> Parser:
    def inner(raw: str) -> Any:
        return parse(raw) if raw.strip() else None
    return inner


@dataclass
class RowError:
    """A bad row: `column` is the column's label in the reader's language,
    `code` its English name (`participants`); `message` is in that language."""

    row: int
    column: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        if not self.column:
            return gettext("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}
        return gettext("第%(row)s行“%(column)s”列：%(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)


Writer = Callable[[dict[str, Any], Actor], None]


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    columns: tuple[Column, ...]
    write: Writer
    check: Callable[[dict[str, Any]], str] = lambda row: ""


def _write_gi(row: dict[str, Any], actor: Actor) -> None:
    users = row.pop("users") or []
    product = GIProduct.objects.create(**row)
    product.users.set(users)


def _write_designation(row: dict[str, Any], actor: Actor) -> None:
    ents = row.pop("enterprises") or []
    designation = Designation.objects.create(recorded_by=actor.user, **row)
    designation.enterprises.set(ents)


def _write_training(row: dict[str, Any], actor: Actor) -> None:
    TrainingSession.objects.create(recorded_by=actor.user, **row)


def _write_particulars(row: dict[str, Any], actor: Actor) -> None:
    holder = Certificate.objects.filter(body=row["body"], number=row["certificate_number"]).first()
    if holder is None:
        raise CellError(gettext("该机构没有此编号的证书"))
    signatory = None
    if row["signatory_registration_number"]:
        signatory = BodyPerson.objects.filter(
            body=row["body"], role=PersonRole.SIGNATORY,
            registration_number=row["signatory_registration_number"]).first()
        if signatory is None:
            raise CellError(gettext("该机构没有此注册号的授权签字人"))
    CertificateParticulars.objects.update_or_create(
        certificate=holder, defaults={"standard_edition": row["standard_edition"],
                                      "signatory": signatory})


def _write_volume(row: dict[str, Any], actor: Actor) -> None:
    adoption = Adoption.objects.filter(adopter_name=row.pop("adopter_name"),
                                       method=row.pop("method")).first()
    if adoption is None:
        raise CellError(gettext("没有此采信记录（先导入采信单位）"))
    CheckVolume.objects.update_or_create(adoption=adoption, month=row.pop("month"),
                                         defaults=row)


def _create(model: type[models.Model]) -> Writer:
    def write(row: dict[str, Any], actor: Actor) -> None:
        model._default_manager.create(**row)
    return write


def _parts_within_total(row: dict[str, Any]) -> str:
    if max(row["internal_auditors"], row["inspectors"]) > row["participants"]:
        return gettext("内审员或执法人员人数超过参训人数")
    return ""


def _ends_after_start(start: str) -> Callable[[dict[str, Any]], str]:
    def check(row: dict[str, Any]) -> str:
        ended = row.get("ended_on") or row.get("expires_on")
        if ended is not None and ended < row[start]:
            return gettext("结束日期早于开始日期")
        return ""
    return check


KINDS: dict[str, Kind] = {kind.code: kind for kind in [
    Kind("gi-products", "地理标志", (
        Column("kind", gettext_noop("类别"), choice(GIKind)), Column("name", gettext_noop("产品名称"), text(200)),
        Column("area", gettext_noop("地域范围"), text(300)), Column("authority", gettext_noop("登记或注册机关"), text(200)),
        Column("registration_number", gettext_noop("注册号或公告号"), text(100)),
        Column("registered_on", gettext_noop("注册或登记日期"), date),
        Column("ended_on", gettext_noop("撤销日期"), date, required=False),
        Column("users", gettext_noop("使用企业统一社会信用代码"), enterprises, required=False),
    ), _write_gi, _ends_after_start("registered_on")),
    Kind("designations", "示范命名", (
        Column("kind", gettext_noop("类别"), choice(DesignationKind)), Column("name", gettext_noop("名称"), text(200)),
        Column("level", gettext_noop("级别"), choice(DesignationLevel)),
        Column("designated_on", gettext_noop("命名日期"), date), Column("authority", gettext_noop("命名机关"), text(200)),
        Column("document_number", gettext_noop("命名文号"), text(100), required=False),
        Column("area", gettext_noop("区域"), text(200), required=False),
        Column("enterprises", gettext_noop("所涉企业统一社会信用代码"), enterprises, required=False),
        Column("ended_on", gettext_noop("撤销或到期日期"), date, required=False),
    ), _write_designation, _ends_after_start("designated_on")),
    Kind("training", "培训", (
        Column("title", gettext_noop("培训名称"), text(200)), Column("held_on", gettext_noop("培训日期"), date),
        Column("organiser", gettext_noop("组织单位"), department), Column("audience", gettext_noop("主要对象"),
                                                            choice(TrainingAudience)),
        Column("participants", gettext_noop("参训人数"), count), Column("enterprises", gettext_noop("参训企业数"), count,
                                                           required=False),
        Column("internal_auditors", gettext_noop("其中内审员人数"), count, required=False),
        Column("inspectors", gettext_noop("其中监管执法人员人数"), count, required=False),
        Column("hours", gettext_noop("学时"), decimal, required=False),
    ), _write_training, _parts_within_total),
    Kind("body-people", "认证机构人员", (
        Column("body", gettext_noop("认证机构批准号"), body), Column("name", gettext_noop("姓名"), text(100)),
        Column("role", gettext_noop("职责"), choice(PersonRole)),
        Column("qualification", gettext_noop("注册资格"), text(100), required=False),
        Column("registration_number", gettext_noop("注册证书编号"), text(60)),
        Column("valid_until", gettext_noop("注册有效期至"), date, required=False),
    ), _create(BodyPerson)),
    Kind("particulars", "证书标准版本和签字人", (
        Column("certificate_number", gettext_noop("证书编号"), text(64)), Column("body", gettext_noop("认证机构批准号"), body),
        Column("standard_edition", gettext_noop("标准版本"), text(100)),
        Column("signatory_registration_number", gettext_noop("授权签字人注册号"), text(60), required=False),
    ), _write_particulars),
    Kind("adoptions", "认证结果采信", (
        Column("adopter_name", gettext_noop("采信单位"), text(200)), Column("kind", gettext_noop("单位类别"), choice(AdopterKind)),
        Column("method", gettext_noop("采信方式"), choice(AdoptionMethod)),
        Column("department", gettext_noop("对应责任单位"), optional(department), required=False),
        Column("started_on", gettext_noop("开始日期"), date), Column("ended_on", gettext_noop("停止日期"), date, required=False),
        Column("document", gettext_noop("依据文件"), text(200), required=False),
    ), _create(Adoption), _ends_after_start("started_on")),
    Kind("check-volumes", "采信核验量", (
        Column("adopter_name", gettext_noop("采信单位"), text(200)), Column("method", gettext_noop("采信方式"),
                                                            choice(AdoptionMethod)),
        Column("month", gettext_noop("月份"), month), Column("checks", gettext_noop("核验次数"), count),
        Column("source", gettext_noop("数据来源"), text(200)),
    ), _write_volume),
    Kind("energy-users", "重点用能单位", (
        Column("enterprise", gettext_noop("统一社会信用代码"), enterprise), Column("year", gettext_noop("名单年度"), count),
        Column("sector", gettext_noop("领域"), text(40), required=False),
        Column("consumption_tce", gettext_noop("年综合能耗（吨标准煤）"), decimal, required=False),
    ), _create(KeyEnergyUser)),
    Kind("department-qms", "部门质量管理体系认证", (
        Column("department", gettext_noop("部门"), department),
        Column("certificate_number", gettext_noop("证书编号"), text(64)), Column("body_name", gettext_noop("认证机构"), text(200)),
        Column("issued_on", gettext_noop("颁证日期"), date), Column("expires_on", gettext_noop("有效期至"), date),
    ), _create(DepartmentQMS), _ends_after_start("issued_on")),
]}


def import_file(kind_code: str, path: str | Path, *, actor: Actor,
                filename: str | None = None) -> ImportResult:
    """Read, check every row, then write all of them in one transaction (or
    none). Raises TableError when the file itself cannot be read."""
    require_bureau(actor)
    kind = KINDS[kind_code]
    result = ImportResult(kind=kind_code)
    parsed: list[tuple[int, dict[str, Any]]] = []
    aliases = {c.name: [c.label] for c in kind.columns}
    with open_table(path, filename=filename) as table:
        index = map_columns(table.header, aliases,
                            required=[c.name for c in kind.columns if c.required])
        for number, cells in table:
            result.rows += 1
            row: dict[str, Any] = {}
            bad = False
            for column in kind.columns:
                raw = cells[index[column.name]] if column.name in index else ""
                if column.required and not raw.strip():
                    result.add(RowError(number, gettext(column.label), gettext("必填"), column.name))
                    bad = True
                    continue
                try:
                    row[column.name] = column.parse(raw)
                except CellError as exc:
                    result.add(RowError(number, gettext(column.label), str(exc), column.name))
                    bad = True
            if not bad:
                problem = kind.check(row)
                if problem:
                    result.add(RowError(number, "", problem))
                else:
                    parsed.append((number, row))
    if not result.ok:
        return result
    with transaction.atomic():
        for number, row in parsed:
            try:
                with transaction.atomic():
                    kind.write({k: v for k, v in row.items()
                                if v is not None or k in {"ended_on", "valid_until"}}, actor)
            except CellError as exc:
                result.add(RowError(number, "", str(exc)))
            except IntegrityError:
                result.add(RowError(number, "", gettext("与已有记录重复")))
        if not result.ok:
            transaction.set_rollback(True)
            return result
        result.created = len(parsed)
        audit_append(action=f"programmes.import.{kind_code}", object_type="programmes.import",
                     object_id=kind_code, object_repr=f"{kind.title} {filename or Path(path).name}",
                     actor=actor, after={"rows": result.rows, "created": result.created,
                                         "file": filename or Path(path).name})
    return result


__all__ = ["KINDS", "ImportResult", "TableError", "import_file"]
