"""The product side of the demo: the CCC catalogue with its history, links
from the demo's CCC certificates to categories, self-declarations,
production licences moved into CCC, and the district's supervision sampling.

Called by `seed_demo` after the registry is written, with its own random
stream (so the registry stays what it was for a seed). Sampling is sized so
the plan's equipment pass-rate target sits just below 95% with a few samples
still at the demo lab (`lab_demo`): entering two passes lifts it over. One
sample is planted: a low-voltage switchgear from a producer with neither a
CCC certificate nor a declaration, which the market check turns into the one
case on the bureau's list.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Q

from qualitycert.catalog import queries as catalog_queries
from qualitycert.catalog.actions import sample_source, uncovered_case
from qualitycert.catalog.models import (
    Announcement,
    CategoryChange,
    CertificateCategory,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    LinkSource,
    PlanLevel,
    ProductCategory,
    ProductGroup,
    ProductionLicence,
    RiskLevel,
    Route,
    SampleStatus,
    SamplingPlan,
    SamplingRecord,
    SamplingResult,
    SelfDeclaration,
)
from qualitycert.catalog.numbers import declaration_number
from qualitycert.registry.leaves import append_registered
from qualitycert.registry.models import (
    BodySchemeApproval,
    BodyStatus,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    Enterprise,
    EventKind,
    Lab,
    LabStatus,
    LegalStatus,
    Scheme,
)

from .catalog_data import (
    ADJUSTED,
    ANNOUNCEMENTS,
    CCC_PRODUCTS,
    FIRST_IN_FORCE,
    GROUPS,
    LICENCE_DEADLINE,
    LICENCE_IN_FORCE,
)

# The current year's equipment samples: tested, of which failed, and still
# at the demo lab. 36 of 38 is 94.7%; two more passes make 38 of 40, 95.0%.
CURRENT_TESTED, CURRENT_FAILED, CURRENT_PENDING = 38, 2, 4
PREVIOUS_TESTED, PREVIOUS_FAILED = 60, 2
OTHER_TESTED, OTHER_FAILED = 8, 1  # not equipment makers: outside the target
DECLARATIONS = 36
DEMO_SIGNER = "演示数据 seed-demo"
MARKS = {"": Route.CERTIFICATION, "*": Route.SELF_DECLARATION,
         "**": Route.SELF_DECLARATION_DESIGNATED, "-": Route.REMOVED}


@dataclass
class CatalogDemo:
    counts: dict[str, int] = field(default_factory=dict)
    planted_enterprise: str = ""


def seed_catalog(*, seed: int, today: dt.date, demo_lab_id: int | None) -> CatalogDemo:
    rng = random.Random(f"catalog-{seed}")  # nosec B311 # demo data, reproducible by seed
    report = CatalogDemo()
    categories = _catalogue()
    designated = _designate_labs(categories)
    report.counts["ccc_categories"] = len(categories)
    report.counts["ccc_links"] = _link_certificates(categories)
    report.counts["declarations"] = _declarations(rng, today, categories, designated)
    report.counts["licences"], report.counts["certificates_added"] = _licences(
        rng, today, categories)
    sampling = _Sampling(rng, today, categories, demo_lab_id)
    report.counts["samples"] = sampling.run()
    report.counts["market_cases"] = _market_check()
    report.planted_enterprise = sampling.planted
    return report


def _catalogue() -> dict[str, ProductCategory]:
    announcements = {key: Announcement.objects.create(number=n, title=t, issuer=i, published_on=d)
                     for key, (n, t, i, d) in ANNOUNCEMENTS.items()}
    categories: dict[str, ProductCategory] = {}
    changes = []
    for position, (group_code, group_name, rows) in enumerate(GROUPS, start=1):
        group = ProductGroup.objects.create(code=group_code, name=group_name, position=position)
        for code, name, mark, standards in rows:
            category = categories[code] = ProductCategory.objects.create(
                code=code, name=name, group=group)
            if mark == "L":
                changes.append(CategoryChange(
                    category=category, effective_from=LICENCE_IN_FORCE,
                    route=Route.CERTIFICATION, risk_level=RiskLevel.HIGH,
                    standards=list(standards), announcement=announcements["licence"],
                    from_production_licence=True, transition_deadline=LICENCE_DEADLINE))
                continue
            changes.append(CategoryChange(
                category=category, effective_from=FIRST_IN_FORCE, route=Route.CERTIFICATION,
                risk_level=RiskLevel.HIGH, standards=list(standards),
                announcement=announcements["first"]))
            if mark:
                risk = RiskLevel.MEDIUM if mark == "**" else RiskLevel.LOW
                changes.append(CategoryChange(
                    category=category, effective_from=ADJUSTED, route=MARKS[mark],
                    risk_level=risk, standards=list(standards),
                    announcement=announcements["adjust"]))
    CategoryChange.objects.bulk_create(changes)
    return categories


def _designate_labs(categories: dict[str, ProductCategory]) -> list[Lab]:
    labs = list(Lab.objects.filter(status=LabStatus.VALID, valid_from__lte=ADJUSTED)
                .order_by("id")[:3])
    for code, _name, mark, _s in (row for _g, _n, rows in GROUPS for row in rows):
        if mark == "**":
            categories[code].designated_labs.set(labs)
    return labs


def _link_certificates(categories: dict[str, ProductCategory]) -> int:
    links = []
    for pk, scope in Certificate.objects.filter(scheme__code="CCC").values_list("pk", "scope"):
        code = CCC_PRODUCTS.get(scope.split("（")[0])
        if code is not None:
            links.append(CertificateCategory(certificate_id=pk, category=categories[code],
                                             source=LinkSource.IMPORT))
    CertificateCategory.objects.bulk_create(links, batch_size=500)
    return len(links)


def _makers(rng: random.Random, prefixes: tuple[str, ...], count: int,
            exclude: set[int] | None = None) -> list[Enterprise]:
    match = Q()
    for prefix in prefixes:
        match |= Q(industry_code__startswith=prefix)
    ids = list(Enterprise.objects.filter(match, legal_status=LegalStatus.ACTIVE)
               .exclude(pk__in=exclude or set()).order_by("id").values_list("pk", flat=True)[:2000])
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(Enterprise.objects.filter(pk__in=chosen).order_by("id"))


def _declarations(rng: random.Random, today: dt.date, categories: dict[str, ProductCategory],
                  designated: list[Lab]) -> int:
    codes = {mark: [c for _g, _n, rows in GROUPS for c, _x, m, _s in rows if m == mark]
             for mark in ("*", "**")}
    labs = list(Lab.objects.filter(status=LabStatus.VALID).order_by("id")[:40])
    makers = _makers(rng, ("C33", "C34", "C38"), DECLARATIONS)
    serials: dict[str, int] = {}
    rows = []
    for n, enterprise in enumerate(makers):
        mark = "**" if n % 3 == 0 and designated else "*"
        category = categories[rng.choice(codes[mark])]
        lab = rng.choice(designated if mark == "**" else labs)
        earliest = max(ADJUSTED, lab.valid_from or ADJUSTED) + dt.timedelta(days=20)
        if earliest >= today:
            continue
        declared = earliest + dt.timedelta(days=rng.randrange((today - earliest).days))
        prefix = f"SD-{declared.year}-{category.code}-"
        serials[prefix] = serials.get(prefix, 0) + 1
        d = SelfDeclaration(
            number=declaration_number(declared.year, category.code, serials[prefix]),
            enterprise=enterprise, category=category, product=category.name,
            models_list=[f"{enterprise.uscc[-4:]}-{rng.randint(10, 999)}"
                         for _ in range(rng.randint(1, 3))],
            standards=list(catalog_queries.route_on(category, declared).standards),  # type: ignore[union-attr]
            lab=lab, report_number=f"{lab.cma_number[-6:]}-{declared.year}-{n + 1:04d}",
            report_date=declared - dt.timedelta(days=rng.randint(7, 20)), declared_on=declared)
        if n % 12 == 5 and declared + dt.timedelta(days=30) < today:
            d.withdraw(declared + dt.timedelta(days=30), "该型号已停产")
            d.status_signer_name = "企业用户"
        elif n % 12 == 11 and declared + dt.timedelta(days=60) < today:
            d.revoke(declared + dt.timedelta(days=60), "监督抽查发现检测报告与实际产品不符",
                     "false_declaration", f"津滨市监撤〔{declared.year}〕{n}号")
            d.status_signer_name = "王建国 (supervisor)"
        rows.append(d)
    SelfDeclaration.objects.bulk_create(rows)
    return len(rows)


def _licences(rng: random.Random, today: dt.date, categories: dict[str, ProductCategory]
              ) -> tuple[int, int]:
    """Licences for the products moved in from the production licence. Two
    holders in three switched to CCC before the deadline (a certificate
    written here, with its issue event and transparency leaf, like the rest of
    the demo registry); the others did not. Returns (licences, certificates)."""
    codes = [c for _g, _n, rows in GROUPS for c, _x, m, _s in rows if m == "L"]
    holders = _makers(rng, ("C34", "C38"), 2 * len(codes))
    ccc = Scheme.objects.filter(code="CCC").first()
    approval = (BodySchemeApproval.objects.filter(
        scheme=ccc, valid_from__lte=LICENCE_IN_FORCE, valid_until__isnull=True,
        body__status=BodyStatus.APPROVED, body__approved_on__lte=LICENCE_IN_FORCE)
        .filter(Q(body__approval_valid_until__isnull=True)
                | Q(body__approval_valid_until__gte=today))
        .select_related("body").order_by("id").first() if ccc else None)
    last_certificate = Certificate.objects.order_by("-id").values_list("id", flat=True).first()
    licences, certificates = [], 0
    for n, enterprise in enumerate(holders):
        category = categories[codes[n % len(codes)]]
        licences.append(ProductionLicence(
            enterprise=enterprise, number=f"津XK06-{14 + n % 7:03d}-{10023 + n:05d}",
            product=category.name, category=category,
            issued_on=dt.date(2016, 3, 1) + dt.timedelta(days=rng.randrange(700)),
            valid_until=dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(700))))
        if approval is None or ccc is None or n % 3 == 2:
            continue
        issued = LICENCE_IN_FORCE + dt.timedelta(days=rng.randrange(300))
        if issued.replace(year=issued.year + 5) <= today:
            issued = today.replace(month=1, day=1)  # keep the switchers' certificates valid
        cert = Certificate.objects.create(
            number=f"{issued.year}{approval.body_id % 100:02d}{category.code}{n + 1:06d}",
            body=approval.body, holder=enterprise, scheme=ccc,
            scope=f"{category.name}（由生产许可证转换）", issued_on=issued,
            expires_on=issued.replace(year=issued.year + 5) - dt.timedelta(days=1),
            status=CertificateStatus.VALID, status_changed_on=issued,
            status_signer_name=DEMO_SIGNER)
        CertificateEvent.objects.create(certificate=cert, kind=EventKind.ISSUE, occurred_on=issued,
                                        signer_name=DEMO_SIGNER, from_status="",
                                        to_status=CertificateStatus.VALID)
        CertificateCategory.objects.create(certificate=cert, category=category,
                                           source=LinkSource.NUMBER)
        certificates += 1
    ProductionLicence.objects.bulk_create(licences)
    append_registered(after=last_certificate or 0)
    return len(licences), certificates


# (product class, CCC category or None, producer industries, share of the year's samples)
PLANS = [
    ("电线电缆", "0105", ("C3831",), 3),
    ("低压成套开关设备", "0301", ("C3823",), 3),
    ("家用电冰箱", "0701", ("C3851",), 1),
    ("减速机", None, ("C34",), 4),
    ("数控机床", None, ("C34",), 3),
    ("电钻", "0501", ("C3",), 2),
]
OTHER_PLAN = ("塑料日用品", None, ("C29",))


def _market_check() -> int:
    """The market check over every sample of a catalogue category, as drawing
    it on the site would run it; only the planted sample should open a case."""
    cases = []
    for sample in (SamplingRecord.objects.filter(category__isnull=False)
                   .select_related("enterprise", "category").order_by("id")):
        case = uncovered_case(enterprise=sample.enterprise, category=sample.category,  # type: ignore[arg-type]
                              on=sample.sampled_on, product=sample.product,
                              **sample_source(sample))
        if case is not None:
            cases.append(case)
    for case in cases:
        case.save(force_insert=True)
    return len(cases)


class _Sampling:
    def __init__(self, rng: random.Random, today: dt.date,
                 categories: dict[str, ProductCategory], demo_lab_id: int | None) -> None:
        self.rng, self.today, self.categories = rng, today, categories
        labs = list(Lab.objects.order_by("id").values_list("pk", flat=True)[:3])
        self.demo_lab = demo_lab_id or (labs[0] if labs else None)
        self.labs = [lab for lab in labs if lab != self.demo_lab][:2]
        self.planted = ""
        self.serial = 0

    def run(self) -> int:
        if self.demo_lab is None:
            return 0
        year = self.today.year
        self._year(year - 1, PREVIOUS_TESTED, PREVIOUS_FAILED, 0, close_failures=True)
        self._year(year, CURRENT_TESTED, CURRENT_FAILED, CURRENT_PENDING, close_failures=False)
        self._other(year)
        self._plant(year)
        return SamplingRecord.objects.count()

    def _dates(self, year: int, count: int) -> list[dt.date]:
        start = dt.date(year, 1, 1) if year == self.today.year else dt.date(year, 3, 1)
        end = self.today if year == self.today.year else dt.date(year, 11, 30)
        span = (end - start).days
        return sorted(start + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(count))

    def _plan(self, year: int, product_class: str, code: str | None) -> SamplingPlan:
        plan = SamplingPlan.objects.create(
            name=f"{year}年{product_class}产品质量区级监督抽查", year=year,
            level=PlanLevel.DISTRICT, product_class=product_class,
            category=self.categories[code] if code else None, planned_count=0)
        plan.labs.set([lab for lab in (self.demo_lab, *self.labs) if lab is not None])
        return plan

    def _producers(self, code: str | None, prefixes: tuple[str, ...], day: dt.date
                   ) -> list[int]:
        if code is None:
            return [e.pk for e in _makers(self.rng, prefixes, 40)]
        covered = catalog_queries.covered_enterprise_ids(self.categories[code], day) or set()
        return sorted(Enterprise.objects.filter(pk__in=covered, is_equipment_manufacturer=True)
                      .values_list("pk", flat=True))

    def _year(self, year: int, tested: int, failed: int, pending: int, *,
              close_failures: bool) -> None:
        weights = [share for *_, share in PLANS]
        total = tested + pending
        slots = [self.rng.choices(range(len(PLANS)), weights)[0] for _ in range(total)]
        fail_at = set(self.rng.sample(range(tested), failed))
        dates = self._dates(year, total)
        plans: dict[int, SamplingPlan] = {}
        for n, (which, day) in enumerate(zip(slots, dates, strict=True)):
            product_class, code, prefixes, _ = PLANS[which]
            producers = self._producers(code, prefixes, day)
            if not producers:  # no covered producer that day: an uncategorised plan instead
                which = 3
                product_class, code, prefixes, _ = PLANS[which]
                producers = self._producers(None, prefixes, day)
            if not producers:
                continue
            plan = plans.get(which) or plans.setdefault(which, self._plan(year, product_class, code))
            at_lab = n >= tested
            sample = self._sample(plan, self.rng.choice(producers), day,
                                  lab=self.demo_lab if at_lab else self.rng.choice(
                                      [self.demo_lab, *self.labs]))
            if not at_lab:
                self._result(sample, fail=n in fail_at, close=close_failures)
        for plan in plans.values():
            plan.planned_count = plan.samples.count()
            plan.save(update_fields=["planned_count"])

    def _other(self, year: int) -> None:
        product_class, _code, prefixes = OTHER_PLAN
        producers = [e.pk for e in _makers(self.rng, prefixes, 20)
                     if not e.is_equipment_manufacturer]
        if not producers:
            return
        plan = self._plan(year, product_class, None)
        for n, day in enumerate(self._dates(year, OTHER_TESTED)):
            sample = self._sample(plan, self.rng.choice(producers), day,
                                  lab=self.rng.choice([self.demo_lab, *self.labs]))
            self._result(sample, fail=n < OTHER_FAILED, close=False)
        plan.planned_count = OTHER_TESTED
        plan.save(update_fields=["planned_count"])

    def _sample(self, plan: SamplingPlan, enterprise_id: int, day: dt.date, *, lab: int | None
                ) -> SamplingRecord:
        self.serial += 1
        enterprise = Enterprise.objects.get(pk=enterprise_id)
        market = self.rng.random() < 0.3
        return SamplingRecord.objects.create(
            plan=plan, plan_name=plan.name, sample_number=f"CY-{day.year}-{self.serial:04d}",
            enterprise=enterprise, drawn_from="market" if market else "producer",
            seller_name="滨海新区某商贸有限公司" if market else "", category=plan.category,
            product=plan.product_class, model=f"{enterprise.uscc[-3:]}-{self.rng.randint(1, 99)}",
            industry_code=enterprise.industry_code, lab_id=lab, sampled_on=day,
            source="本系统抽样登记（演示）")

    def _result(self, sample: SamplingRecord, *, fail: bool, close: bool) -> None:
        tested_on = min(sample.sampled_on + dt.timedelta(days=self.rng.randint(5, 20)), self.today)
        sample.status = SampleStatus.TESTED
        sample.result = SamplingResult.FAIL if fail else SamplingResult.PASS
        sample.failed_items = ["标志和说明", "温升"] if fail else []
        change = (catalog_queries.route_on(sample.category, sample.sampled_on)
                  if sample.category else None)
        sample.standard = change.standards[0] if change and change.standards else "JB/T 8853-2015"
        sample.report_number = f"BG-{sample.sampled_on.year}-{sample.pk:05d}"
        sample.tested_on = tested_on
        sample.follow_up_state = FollowUpState.OPEN if fail else FollowUpState.NONE
        sample.save()
        if fail:
            self._follow_up(sample, close=close)

    def _follow_up(self, sample: SamplingRecord, *, close: bool) -> None:
        tested = sample.tested_on or sample.sampled_on
        if tested + dt.timedelta(days=3) > self.today:
            return  # too recent: still waiting for the first step
        FollowUp.objects.create(sample=sample, kind=FollowUpKind.RECTIFICATION,
                                occurred_on=tested + dt.timedelta(days=3),
                                due_on=tested + dt.timedelta(days=33), note="责令限期整改")
        sample.follow_up_state = FollowUpState.RECTIFYING
        if close and tested + dt.timedelta(days=50) <= self.today:
            FollowUp.objects.create(sample=sample, kind=FollowUpKind.RETEST,
                                    occurred_on=tested + dt.timedelta(days=40),
                                    retest_result=SamplingResult.PASS, note="整改后复查合格")
            FollowUp.objects.create(sample=sample, kind=FollowUpKind.CLOSE,
                                    occurred_on=tested + dt.timedelta(days=50), note="结案")
            sample.follow_up_state = FollowUpState.CLOSED
        sample.save(update_fields=["follow_up_state"])

    def _plant(self, year: int) -> None:
        """A switchgear sample from a producer with neither certificate nor
        declaration for 0301: the market check's one case."""
        category = self.categories["0301"]
        day = self._dates(year, 1)[0]
        covered = catalog_queries.covered_enterprise_ids(category, day) or set()
        candidates = _makers(self.rng, ("C38",), 1, exclude=covered)
        if not candidates:
            return
        plan = (SamplingPlan.objects.filter(year=year, category=category).first()
                or self._plan(year, category.name, "0301"))
        sample = self._sample(plan, candidates[0].pk, day, lab=self.labs[0] if self.labs
                              else self.demo_lab)
        self._result(sample, fail=False, close=False)
        self.planted = candidates[0].uscc


__all__ = ["CatalogDemo", "seed_catalog"]

