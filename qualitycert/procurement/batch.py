"""Checking a supplier list in one go (seed 二(三)4, 采信 in procurement).

Each item names a certificate number and/or a holder (USCC or name) and may
ask whether a scheme is covered. All numbers are resolved together in IN
queries of at most 900 values (SQLite's statement limit is 999 parameters),
all holders likewise, so 1,000 items cost a handful of queries, not 1,000.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from qualitycert.catalog.models import DeclarationStatus, SelfDeclaration
from qualitycert.catalog.queries import declarations_by_numbers
from qualitycert.credit import queries as credit_queries
from qualitycert.lib.normalize import name_search_key, normalize_identifier
from qualitycert.registry.models import Certificate, Enterprise, Scheme, SchemeCategory
from qualitycert.verification import names
from qualitycert.verification.queries import PUBLIC_FIELDS, STATUS_ORDER, PublicCertificate, today

MAX_ITEMS = 1000
CHUNK = 900


class Verdict:
    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    NOT_FOUND = "not_found"
    HOLDER_MISMATCH = "holder_mismatch"
    # The number is registered by several bodies and no body was given: which
    # certificate the paper means cannot be told, and a forger could borrow a
    # colliding number, so no state is vouched for (issue 10).
    AMBIGUOUS = "ambiguous"
    # The enterprise is registered (by USCC, or by a name that matches), but no
    # certificate of it answers the item: the number is not its, or it holds
    # none (of the required scheme). Not the same as not_found, where the
    # enterprise itself is unknown (issue 11: "未找到" beside a matched name).
    NO_CERTIFICATE = "no_certificate"


# A contract (DESIGN.md §4): the list grows only by adding.
VERDICTS = ("valid", "suspended", "withdrawn", "cancelled", "expired", "not_found",
            "holder_mismatch", "ambiguous", "no_certificate")

# A self-declaration answers with the certificate verdict of the same meaning:
# withdrawn by the enterprise is 注销 (cancelled), revoked by the bureau is 撤销
# (withdrawn). `ItemResult.kind` tells a declaration from a certificate.
DECLARATION_VERDICTS = {DeclarationStatus.VALID: Verdict.VALID,
                        DeclarationStatus.WITHDRAWN: Verdict.CANCELLED,
                        DeclarationStatus.REVOKED: Verdict.WITHDRAWN}


@dataclass(frozen=True)
class BatchItem:
    certificate_number: str = ""
    holder_uscc: str = ""
    holder_name: str = ""
    required_scheme: str = ""
    body: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.certificate_number.strip() or self.holder_uscc.strip()
                    or self.holder_name.strip())


@dataclass
class ItemResult:
    index: int
    verdict: str
    scheme_covered: bool | None = None
    certificate: PublicCertificate | None = None
    name_match: names.NameMatch | None = None
    candidates: list[str] = field(default_factory=list)
    note: str = ""
    declaration: SelfDeclaration | None = None
    # The holder is on the dishonesty list (失信名单) on the day checked.
    holder_dishonest: bool = False

    @property
    def kind(self) -> str | None:
        if self.certificate is not None:
            return "certificate"
        return "self_declaration" if self.declaration is not None else None


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _rank(cert: PublicCertificate, on: dt.date) -> tuple[int, int]:
    # Valid first, then suspended, expired …; among equals the latest expiry.
    return (STATUS_ORDER.get(cert.live_status(on), 9), -cert.expires_on.toordinal())


@dataclass(frozen=True)
class SchemeRequirement:
    raw: str
    codes: frozenset[str] | None  # None: the requirement names nothing we know

    def covers(self, cert: PublicCertificate) -> bool:
        return self.codes is not None and cert.scheme_code in self.codes


def _requirements(items: Sequence[BatchItem]) -> dict[str, SchemeRequirement]:
    """A requirement is a scheme code (ISO9001), a scheme's name in Chinese or
    English (质量管理体系, "Quality management system", with or without
    认证/certification) or a category (management_system)."""
    wanted = {i.required_scheme.strip() for i in items if i.required_scheme.strip()}
    if not wanted:
        return {}
    by_key: dict[str, str] = {}
    by_category: dict[str, set[str]] = defaultdict(set)
    for scheme_code, name, name_en, category in Scheme.objects.values_list(
            "code", "name", "name_en", "category"):
        for text in (name_en, name):  # the code, typed, wins over a name that spells it
            if text:
                by_key.setdefault(_scheme_key(text), scheme_code)
        by_key[normalize_identifier(scheme_code)] = scheme_code
        by_category[category].add(scheme_code)
    found = {}
    for raw in wanted:
        known = by_key.get(normalize_identifier(raw)) or by_key.get(_scheme_key(raw))
        category = raw.strip().lower()
        if known is not None:
            found[raw] = SchemeRequirement(raw, frozenset({known}))
        elif category in SchemeCategory.values:
            found[raw] = SchemeRequirement(raw, frozenset(by_category[category]))
        else:
            found[raw] = SchemeRequirement(raw, None)
    return found


_SCHEME_SUFFIXES = ("CERTIFICATION", "认证")


def _scheme_key(text: str) -> str:
    """A scheme name as people type it: no spaces, no case, no trailing 认证."""
    key = normalize_identifier(text)
    for suffix in _SCHEME_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


def _by_number(numbers: set[str]) -> dict[str, list[PublicCertificate]]:
    found: dict[str, list[PublicCertificate]] = defaultdict(list)
    for chunk in _chunks(sorted(numbers)):
        for row in Certificate.objects.filter(number__in=chunk).values_list(*PUBLIC_FIELDS):
            cert = PublicCertificate.from_row(row)
            found[cert.number].append(cert)
    return found


def _by_holder(enterprise_ids: set[int]) -> dict[int, list[PublicCertificate]]:
    found: dict[int, list[PublicCertificate]] = defaultdict(list)
    ids = sorted(enterprise_ids)
    for start in range(0, len(ids), CHUNK):
        rows = Certificate.objects.filter(holder_id__in=ids[start:start + CHUNK]).values_list(
            "holder_id", *PUBLIC_FIELDS)
        for holder_id, *fields in rows:
            found[holder_id].append(PublicCertificate.from_row(tuple(fields)))
    return found


def _enterprise_ids(usccs: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(usccs)):
        found.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
    return found


@dataclass(frozen=True)
class _Keys:
    """An item's identifiers normalised once (normalising is most of the
    per-item cost in a 1,000-line batch)."""

    number: str
    uscc: str
    body: str
    name: str       # as typed, for display and the match table
    name_key: str
    scheme: str

    @classmethod
    def of(cls, item: BatchItem) -> _Keys:
        def norm(raw: str) -> str:
            return normalize_identifier(raw) if raw else ""

        return cls(norm(item.certificate_number), norm(item.holder_uscc), norm(item.body),
                   item.holder_name, name_search_key(item.holder_name) if item.holder_name else "",
                   item.required_scheme.strip())


def verify_batch(items: Sequence[BatchItem], *, on: dt.date | None = None) -> list[ItemResult]:
    on = on or today()
    keys = [_Keys.of(item) for item in items]
    requirements = _requirements(items)
    certs_by_number = _by_number({k.number for k in keys if k.number})
    # A number no certificate carries may be a self-declaration's.
    declarations = declarations_by_numbers(
        {k.number for k in keys if k.number and k.number not in certs_by_number})

    # Holders are looked up for items without a number, and for numbers that
    # nothing carries (to tell no_certificate from not_found).
    holder_only = [k for k in keys if not k.number or (
        k.number not in certs_by_number and k.number not in declarations)]
    ids_by_uscc = _enterprise_ids({k.uscc for k in holder_only if k.uscc})
    name_only = {k.name for k in holder_only if not k.uscc and k.name_key}
    matches = names.match_names(name_only) if name_only else {}
    holder_ids = set(ids_by_uscc.values()) | {m.enterprise_id for m in matches.values()
                                              if m is not None and m.accepted}
    certs_by_holder = _by_holder(holder_ids)

    results = []
    for index, key in enumerate(keys):
        requirement = requirements.get(key.scheme)
        if key.number and key.number not in certs_by_number and key.number in declarations:
            result = _check_declaration(index, key, declarations[key.number], on)
        elif key.number:
            result = _check_number(index, key, certs_by_number.get(key.number, []), on)
            if result.verdict == Verdict.NOT_FOUND:
                result = _holder_known(result, key, ids_by_uscc, matches)
        else:
            result = _check_holder(index, key, ids_by_uscc, matches, certs_by_holder,
                                   requirement, on)
        _apply_requirement(result, requirement, on)
        results.append(result)
    _flag_dishonest(results, keys, ids_by_uscc, on)
    return results


def _flag_dishonest(results: list[ItemResult], keys: Sequence[_Keys],
                    ids_by_uscc: dict[str, int], on: dt.date) -> None:
    """Mark each result whose holder is listed as dishonest on `on`."""
    usccs: dict[int, str] = {}
    ids: dict[int, int] = {}
    for result, key in zip(results, keys, strict=True):
        if result.certificate is not None:
            usccs[result.index] = result.certificate.holder_uscc
        elif result.declaration is not None:
            ids[result.index] = result.declaration.enterprise_id
        elif key.uscc in ids_by_uscc:
            ids[result.index] = ids_by_uscc[key.uscc]
        elif result.name_match is not None and result.name_match.accepted:
            ids[result.index] = result.name_match.enterprise_id
    if not usccs and not ids:
        return
    listed = credit_queries.active_dishonesty(on).filter(
        Q(enterprise__uscc__in=set(usccs.values())) | Q(enterprise_id__in=set(ids.values())))
    listed_usccs, listed_ids = set(), set()
    for enterprise_id, uscc in listed.values_list("enterprise_id", "enterprise__uscc"):
        listed_usccs.add(uscc)
        listed_ids.add(enterprise_id)
    for result in results:
        result.holder_dishonest = (usccs.get(result.index) in listed_usccs
                                   or ids.get(result.index) in listed_ids)


def _check_number(index: int, key: _Keys, found: list[PublicCertificate],
                  on: dt.date) -> ItemResult:
    if key.body:
        found = [c for c in found if c.body_approval_number == key.body]
    if not found:
        return ItemResult(index, Verdict.NOT_FOUND)
    bodies = sorted({c.body_approval_number for c in found})
    if len(bodies) > 1:
        return ItemResult(index, Verdict.AMBIGUOUS, candidates=bodies,
                          note=_("多个认证机构有此编号，请填写认证机构批准号（body）后再核验"))
    if key.uscc:
        matching = [c for c in found if c.holder_uscc == key.uscc]
    elif key.name_key:
        matching = [c for c in found if names.score(key.name, c.holder_name)
                    >= names.MATCH_THRESHOLD]
    else:
        matching = found
    if not matching:
        best = min(found, key=lambda c: _rank(c, on))
        return ItemResult(index, Verdict.HOLDER_MISMATCH, certificate=best,
                          note=_("证书持有人与所填企业不符"))
    # One body: its number is unique there (the registry's constraint).
    return ItemResult(index, matching[0].live_status(on), certificate=matching[0])


def _holder_known(result: ItemResult, key: _Keys, ids_by_uscc: dict[str, int],
                  matches: dict[str, names.NameMatch | None]) -> ItemResult:
    """A number not found, given with a holder the registry knows: no_certificate."""
    match = None if key.uscc else matches.get(key.name)
    if key.uscc in ids_by_uscc or (match is not None and match.accepted):
        return ItemResult(result.index, Verdict.NO_CERTIFICATE, name_match=match,
                          note=_("已找到该企业，但未找到此编号的证书"))
    return result


def _check_declaration(index: int, key: _Keys, declaration: SelfDeclaration,
                       on: dt.date) -> ItemResult:
    holder = declaration.enterprise
    if (key.uscc and holder.uscc != key.uscc) or (
            not key.uscc and key.name_key
            and names.score(key.name, holder.name) < names.MATCH_THRESHOLD):
        return ItemResult(index, Verdict.HOLDER_MISMATCH, declaration=declaration,
                          note=_("自我声明的声明企业与所填企业不符"))
    if declaration.is_valid_on(on):
        verdict = Verdict.VALID
    else:
        verdict = DECLARATION_VERDICTS.get(DeclarationStatus(declaration.status),
                                           Verdict.CANCELLED)
        if verdict == Verdict.VALID:  # declared after `on`
            verdict = Verdict.NOT_FOUND
    return ItemResult(index, verdict, declaration=declaration,
                      note=_("强制性认证产品符合性自我声明（非认证证书）"))


def _check_holder(index: int, key: _Keys, ids_by_uscc: dict[str, int],
                  matches: dict[str, names.NameMatch | None],
                  certs_by_holder: dict[int, list[PublicCertificate]],
                  requirement: SchemeRequirement | None, on: dt.date) -> ItemResult:
    match = None
    if key.uscc:
        holder_id = ids_by_uscc.get(key.uscc)
    else:
        match = matches.get(key.name)
        holder_id = match.enterprise_id if match is not None and match.accepted else None
    if holder_id is None:
        return ItemResult(index, Verdict.NOT_FOUND, name_match=match)
    certs = certs_by_holder.get(holder_id, [])
    if requirement is not None and requirement.codes is not None:
        certs = [c for c in certs if requirement.covers(c)]
    if not certs:
        return ItemResult(index, Verdict.NO_CERTIFICATE, name_match=match,
                          note=_("已找到该企业，但未找到其相应证书"))
    chosen = min(certs, key=lambda c: _rank(c, on))
    return ItemResult(index, chosen.live_status(on), certificate=chosen, name_match=match)


def _apply_requirement(result: ItemResult, requirement: SchemeRequirement | None,
                       on: dt.date) -> None:
    if requirement is None:
        return
    if requirement.codes is None:
        result.note = (result.note + "; " if result.note else "") + (
            _("未知的认证项目或类别：%(raw)s") % {"raw": requirement.raw})
        return
    cert = result.certificate
    if result.declaration is not None:
        # A valid declaration stands in for a CCC certificate, and for nothing else.
        mandatory = set(Scheme.objects.filter(is_mandatory=True).values_list("code", flat=True))
        result.scheme_covered = (result.verdict == Verdict.VALID
                                 and bool(mandatory & requirement.codes))
        return
    if result.verdict == Verdict.HOLDER_MISMATCH or cert is None:
        result.scheme_covered = False
        return
    result.scheme_covered = requirement.covers(cert) and cert.live_status(on) == Verdict.VALID
