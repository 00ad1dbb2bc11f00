"""Reads of the catalog app that other apps and the views rely on.

Public contract (other apps call these, never the models directly):

* the catalogue on a date: ``route_on``, ``routes_on``, ``catalogue_on``,
  ``category_history``;
* who is covered: ``coverage_on`` (one enterprise, one category, one day),
  ``covered_enterprise_ids`` (everyone, one category, one day),
  ``ccc_holder_ids`` and ``self_declarer_ids`` (by category codes, for the
  inspection libraries), ``licence_gaps`` (licence holders that did not switch);
* self-declarations for the public: ``declaration_by_number``,
  ``declarations_by_numbers`` (batch verify), ``public_declarations_of``;
* sampling figures: ``sampling_tally`` (the pass rate), ``sampling_breakdown``.

"Valid on a date" for a CCC certificate is the registry's one rule
(registry.queries.certificates_valid_on); for a declaration it is
`SelfDeclaration.is_valid_on`, written as a Q here (`declarations_valid_on`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from qualitycert.lib.gbt4754 import division_name
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Certificate, Enterprise
from qualitycert.registry.queries import certificates_valid_on

from .models import (
    CategoryChange,
    DeclarationStatus,
    ProductCategory,
    ProductionLicence,
    Route,
    SampleStatus,
    SamplingRecord,
    SamplingResult,
    SelfDeclaration,
)

CHUNK = 900  # under SQLite's 999 parameters per statement

# --- the catalogue on a date ----------------------------------------------------------


def route_on(category: ProductCategory, day: dt.date) -> CategoryChange | None:
    """The change in force for `category` on `day`: the latest one effective on
    or before it. None: the category was not in the catalogue yet."""
    return (CategoryChange.objects.filter(category=category, effective_from__lte=day)
            .select_related("announcement").order_by("-effective_from").first())


def routes_on(day: dt.date) -> dict[int, CategoryChange]:
    """The change in force on `day` for every category that had one, by category id."""
    found: dict[int, CategoryChange] = {}
    for change in (CategoryChange.objects.filter(effective_from__lte=day)
                   .select_related("announcement").order_by("category_id", "effective_from")):
        found[change.category_id] = change  # later rows overwrite earlier ones
    return found


@dataclass(frozen=True)
class CatalogueEntry:
    category: ProductCategory
    change: CategoryChange | None  # None: not (yet) in the catalogue on the day

    @property
    def in_catalogue(self) -> bool:
        return self.change is not None and self.change.route in Route.in_catalogue()


def catalogue_on(day: dt.date, *, include_out: bool = False) -> list[CatalogueEntry]:
    """Every category with what applied on `day`, grouped order (group, code).
    Without `include_out`, only categories in the catalogue that day."""
    routes = routes_on(day)
    entries = [CatalogueEntry(c, routes.get(c.pk))
               for c in ProductCategory.objects.select_related("group")
               .order_by("group__position", "group__code", "code")]
    return entries if include_out else [e for e in entries if e.in_catalogue]


def category_history(category: ProductCategory) -> list[CategoryChange]:
    return list(category.changes.select_related("announcement").order_by("effective_from"))


def declarable_categories(day: dt.date) -> list[CatalogueEntry]:
    """Categories whose route on `day` allows a self-declaration."""
    return [e for e in catalogue_on(day)
            if e.change is not None and e.change.route in Route.declarable()]


def category_by_code(code: str) -> ProductCategory | None:
    return ProductCategory.objects.filter(code=normalize_identifier(code)).first()


def unknown_category_codes(codes: Iterable[str]) -> list[str]:
    """The codes among `codes` that name no catalogue category."""
    wanted = {normalize_identifier(c) for c in codes}
    known = set(ProductCategory.objects.filter(code__in=wanted).values_list("code", flat=True))
    return sorted(wanted - known)


# --- who is covered -------------------------------------------------------------------


def declarations_valid_on(day: dt.date) -> QuerySet[SelfDeclaration]:
    """Declarations made by `day` and neither withdrawn nor revoked by it
    (the same rule as SelfDeclaration.is_valid_on)."""
    return SelfDeclaration.objects.filter(
        Q(declared_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)))


def certificates_for_category_on(category: ProductCategory, day: dt.date
                                 ) -> QuerySet[Certificate]:
    return certificates_valid_on(day).filter(ccc_categories__category=category)


@dataclass
class Coverage:
    """What an enterprise held for a category on a day, against what the
    catalogue asked. `required` is False when the category was outside the
    catalogue that day (nothing to hold)."""

    category: ProductCategory
    day: dt.date
    change: CategoryChange | None
    certificates: list[Certificate] = field(default_factory=list)
    declarations: list[SelfDeclaration] = field(default_factory=list)

    @property
    def route(self) -> str:
        return self.change.route if self.change is not None else ""

    @property
    def required(self) -> bool:
        return self.route in Route.in_catalogue()

    @property
    def covered(self) -> bool:
        if not self.required:
            return True
        # After a move to self-declaration a CCC certificate still valid is
        # accepted too: the enterprise is not the one that failed to act.
        return bool(self.certificates) or (self.route in Route.declarable()
                                           and bool(self.declarations))


def coverage_on(enterprise: Enterprise, category: ProductCategory, day: dt.date) -> Coverage:
    change = route_on(category, day)
    coverage = Coverage(category, day, change)
    if coverage.required:
        coverage.certificates = list(certificates_for_category_on(category, day)
                                     .filter(holder=enterprise).select_related("body"))
        coverage.declarations = list(declarations_valid_on(day).filter(
            enterprise=enterprise, category=category))
    return coverage


def covered_enterprise_ids(category: ProductCategory, day: dt.date) -> set[int] | None:
    """Enterprises holding what `category` needed on `day` (see Coverage.covered);
    None when the category was outside the catalogue that day (nothing needed)."""
    change = route_on(category, day)
    if change is None or change.route not in Route.in_catalogue():
        return None
    ids = set(certificates_for_category_on(category, day).values_list("holder_id", flat=True))
    if change.route in Route.declarable():
        ids |= set(declarations_valid_on(day).filter(category=category)
                   .values_list("enterprise_id", flat=True))
    return ids


def _categories(codes: Iterable[str]) -> QuerySet[Any, Any]:
    wanted = [normalize_identifier(c) for c in codes if c]
    return ProductCategory.objects.filter(code__in=wanted).values("pk")


def ccc_holder_ids(category_codes: Iterable[str], day: dt.date
                   ) -> QuerySet[Any, Any]:
    """Enterprises holding a CCC certificate valid on `day` for any of the
    categories, as a query of holder ids (usable as a subquery)."""
    return (certificates_valid_on(day)
            .filter(ccc_categories__category_id__in=_categories(category_codes))
            .values("holder_id"))


def self_declarer_ids(category_codes: Iterable[str] | None, day: dt.date
                      ) -> QuerySet[Any, Any]:
    """Enterprises with a declaration valid on `day`, for any of the categories
    (all categories when `category_codes` is None), as a query of enterprise
    ids (usable as a subquery)."""
    qs = declarations_valid_on(day)
    if category_codes is not None:
        qs = qs.filter(category_id__in=_categories(category_codes))
    return qs.values("enterprise_id")


@dataclass(frozen=True)
class LicenceGap:
    licence: ProductionLicence
    change: CategoryChange
    covered: bool
    past_deadline: bool


def licence_gaps(on: dt.date) -> list[LicenceGap]:
    """Every production licence in a category a catalogue change moved into
    CCC, with whether its holder held a certificate or declaration for the
    category on `on`. `past_deadline` marks the ones the law already binds."""
    changes = {c.category_id: c for c in CategoryChange.objects.filter(
        from_production_licence=True, effective_from__lte=on).select_related("announcement")}
    if not changes:
        return []
    covered: dict[int, set[int] | None] = {}
    gaps = []
    for licence in (ProductionLicence.objects.filter(category_id__in=list(changes))
                    .select_related("enterprise", "category").order_by("category__code", "number")):
        change = changes[licence.category_id]
        if licence.category_id not in covered:
            covered[licence.category_id] = covered_enterprise_ids(licence.category, on)
        holders = covered[licence.category_id]
        deadline = change.transition_deadline or change.effective_from
        gaps.append(LicenceGap(licence, change, holders is None or licence.enterprise_id in holders,
                               on >= deadline))
    return gaps


# --- self-declarations for the public -----------------------------------------------


def declaration_by_number(raw: str) -> SelfDeclaration | None:
    key = normalize_identifier(raw)
    if not key or len(key) > 40:
        return None
    return (SelfDeclaration.objects.select_related("enterprise", "category", "lab")
            .filter(number=key).first())


def declarations_by_numbers(numbers: Iterable[str]) -> dict[str, SelfDeclaration]:
    """Declarations by normalised number, in IN queries of at most CHUNK values."""
    keys = sorted({normalize_identifier(n) for n in numbers if n})
    found: dict[str, SelfDeclaration] = {}
    for start in range(0, len(keys), CHUNK):
        for d in (SelfDeclaration.objects.filter(number__in=keys[start:start + CHUNK])
                  .select_related("enterprise", "category")):
            found[d.number] = d
    return found


MAX_DECLARATIONS_PER_PROFILE = 200


def public_declarations_of(enterprise: Enterprise) -> list[SelfDeclaration]:
    """The enterprise's declarations, valid ones first, newest first."""
    rows = list(SelfDeclaration.objects.filter(enterprise=enterprise)
                .select_related("category", "lab")
                .order_by("-declared_on", "-id")[:MAX_DECLARATIONS_PER_PROFILE])
    rows.sort(key=lambda d: d.status != DeclarationStatus.VALID)
    return rows


def declarations_for_enterprise(enterprise_id: int) -> QuerySet[SelfDeclaration]:
    return (SelfDeclaration.objects.filter(enterprise_id=enterprise_id)
            .select_related("category", "lab").order_by("-declared_on", "-id"))


# --- sampling figures -----------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    passed: int
    total: int

    @property
    def failed(self) -> int:
        return self.total - self.passed

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    @property
    def percent(self) -> Decimal | None:
        """Passed / total in percent, two places, half up (as the plan's targets round)."""
        if not self.total:
            return None
        return (Decimal(100) * self.passed / self.total).quantize(Decimal("0.01"),
                                                                 rounding=ROUND_HALF_UP)


def tested_samples(start: dt.date, end: dt.date, *, equipment_only: bool = False
                   ) -> QuerySet[SamplingRecord]:
    """Samples drawn between `start` and `end` (inclusive) that have a result.
    The pass rate counts each batch once, by its result: a sample still at the
    lab has no result and is not counted yet."""
    qs = SamplingRecord.objects.filter(sampled_on__gte=start, sampled_on__lte=end,
                                       status=SampleStatus.TESTED)
    if equipment_only:
        qs = qs.filter(enterprise__is_equipment_manufacturer=True)
    return qs


def sampling_tally(start: dt.date, end: dt.date, *, equipment_only: bool = False) -> Tally:
    counts = tested_samples(start, end, equipment_only=equipment_only).aggregate(
        total=Count("pk"), passed=Count("pk", filter=Q(result=SamplingResult.PASS)))
    return Tally(counts["passed"], counts["total"])


UNCLASSIFIED = "?"


@dataclass(frozen=True)
class BreakdownRow:
    key: str     # category code, or GB/T 4754 division (C38), or UNCLASSIFIED
    label: str   # category name, or the product as recorded
    tally: Tally


def sampling_breakdown(start: dt.date, end: dt.date, by: str, *,
                       equipment_only: bool = False) -> list[BreakdownRow]:
    """Tested samples grouped `by` "category" (the CCC category, else the
    plan's product class or the product name as recorded) or "industry" (the
    GB/T 4754 division — section letter and two digits — of the sample's
    industry code, else the enterprise's)."""
    if by not in ("category", "industry"):
        raise ValueError(f"unknown breakdown {by!r}")
    rows = tested_samples(start, end, equipment_only=equipment_only).values_list(
        "category__code", "category__name", "plan__product_class", "product",
        "industry_code", "enterprise__industry_code", "result")
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    labels: dict[str, str] = {}
    for code, name, product_class, product, own_industry, ent_industry, result in rows:
        if by == "category":
            key = code or f"~{product_class or product}"
            labels.setdefault(key, name or product_class or product)
        else:
            key = division_of(own_industry or ent_industry)
            labels.setdefault(key, division_name(key) or key)
        tallies[key][1] += 1
        if result == SamplingResult.PASS:
            tallies[key][0] += 1
    return sorted((BreakdownRow(k, labels[k], Tally(p, t)) for k, (p, t) in tallies.items()),
                  key=lambda r: (r.key.startswith("~") or r.key == UNCLASSIFIED, r.key))


def division_of(industry_code: str | None) -> str:
    """"C3823" → "C38"; a code without a section letter or division is unclassified."""
    code = (industry_code or "").strip().upper()
    if len(code) >= 3 and code.isascii() and code[0].isalpha() and code[1:3].isdigit():
        return code[:3]
    return UNCLASSIFIED


# --- samples for the screens ------------------------------------------------------------


def samples_for_lab(lab_id: int) -> QuerySet[SamplingRecord]:
    return (SamplingRecord.objects.filter(lab_id=lab_id).select_related("enterprise", "plan",
                                                                          "category")
            .order_by("status", "-sampled_on", "-id"))


def default_standard(sample: SamplingRecord) -> str:
    """The first standard the catalogue named for the sample's category on the
    day it was drawn (what a lab usually tests against), or ""."""
    if sample.category is None:
        return ""
    change = route_on(sample.category, sample.sampled_on)
    return change.standards[0] if change is not None and change.standards else ""


def sample_with_history(pk: int) -> SamplingRecord | None:
    return (SamplingRecord.objects.select_related("enterprise", "plan", "category", "lab",
                                                  "entered_by")
            .prefetch_related(Prefetch("follow_ups")).filter(pk=pk).first())
