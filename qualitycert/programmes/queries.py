"""The counts the programmes' indicators are made of. Each is one query (or
a few) over records dated so that any past day can be asked; none loops over
certificates in Python. Tests compare each with a hand-written SQL count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from qualitycert.plan.models import Department
from qualitycert.registry.models import (
    Certificate,
    CertificationBody,
    Enterprise,
    EnterpriseSize,
    LegalStatus,
    SchemeCategory,
)
from qualitycert.registry.queries import certificates_valid_on

from .models import (
    Adoption,
    AdoptionMethod,
    BodyCommitment,
    BodyFinding,
    BodyPerson,
    CheckVolume,
    DepartmentQMS,
    Designation,
    EditionTransition,
    GIProduct,
    KeyEnergyUser,
    PersonRole,
    QualityMark,
    TrainingSession,
)
from .models.designations import TARGET_GI_KINDS

SMALL_AND_MICRO = (EnterpriseSize.SMALL, EnterpriseSize.MICRO)
ENERGY_MANAGEMENT_SCHEMES = ("ISO50001",)
QMS_SCHEMES = ("ISO9001",)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, two decimals; None when there is no whole
    (shown as "无数据", never as 0 %)."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1, 1)


# --- designations and marks -------------------------------------------------


def gi_products_in_force(day: dt.date, kinds: Iterable[str] = TARGET_GI_KINDS) -> int:
    return GIProduct.objects.in_force_on(day).filter(kind__in=list(kinds)).count()


def designations_in_force(day: dt.date, kinds: Iterable[str]) -> int:
    return Designation.objects.in_force_on(day).filter(kind__in=list(kinds)).count()


def marks_in_force(day: dt.date, kind: str) -> int:
    return QualityMark.objects.in_force_on(day).filter(kind=kind).count()


def holders_of_valid(day: dt.date, *, scheme_codes: Iterable[str] = (),
                     category: str = "") -> QuerySet[Certificate]:
    """Certificates valid on `day` (the registry's one rule), of some schemes
    or of a category."""
    qs = certificates_valid_on(day)
    codes = list(scheme_codes)
    if codes:
        qs = qs.filter(scheme__code__in=codes)
    if category:
        qs = qs.filter(scheme__category=category)
    return qs


def distinct_holders(qs: QuerySet[Certificate]) -> int:
    return qs.values("holder_id").distinct().count()


# --- SME coverage and editions (tasks 6–7) ----------------------------------


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.part, self.whole)


def sme_coverage(day: dt.date) -> Share:
    """Small and micro enterprises (as registered, operating) holding a
    management-system certificate valid on `day`."""
    smes = Enterprise.objects.filter(size__in=SMALL_AND_MICRO, legal_status=LegalStatus.ACTIVE)
    certified = holders_of_valid(day, category=SchemeCategory.MANAGEMENT_SYSTEM).filter(
        holder__size__in=SMALL_AND_MICRO, holder__legal_status=LegalStatus.ACTIVE)
    return Share(distinct_holders(certified), smes.count())


@dataclass(frozen=True)
class EditionCount:
    transition: EditionTransition
    on_old: int
    on_new: int


def edition_counts(day: dt.date) -> list[EditionCount]:
    """For each standard transition, the certificates valid on `day` still
    on the old edition, and those on the new one."""
    counts = []
    for transition in EditionTransition.objects.select_related("scheme").order_by(
            "deadline", "pk"):
        valid = holders_of_valid(day).filter(scheme=transition.scheme)
        tally = valid.aggregate(
            old=Count("pk", filter=Q(particulars__standard_edition=transition.old_edition)),
            new=Count("pk", filter=Q(particulars__standard_edition=transition.new_edition)))
        counts.append(EditionCount(transition, tally["old"], tally["new"]))
    return counts


# --- adoption (task 19) -------------------------------------------------------


def adoptions_in_force(day: dt.date) -> QuerySet[Adoption]:
    return Adoption.objects.filter(Q(started_on__lte=day),
                                   Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def adopters_by_method(day: dt.date) -> dict[str, int]:
    rows = adoptions_in_force(day).values("method").annotate(n=Count("adopter_name",
                                                                     distinct=True))
    found = {row["method"]: row["n"] for row in rows}
    return {method: found.get(method, 0) for method in AdoptionMethod.values}


def adopters(day: dt.date) -> int:
    return adoptions_in_force(day).values("adopter_name").distinct().count()


# A batch-API adopter counts as checking when its token was used this recently
# (ApiToken.last_used_at, which the API keeps to within a few minutes).
TOKEN_ACTIVE_DAYS = 30


def batch_api_adopters_checking(day: dt.date) -> int:
    """Adopters of the batch API whose token, not revoked, was used in the
    TOKEN_ACTIVE_DAYS days up to `day` (the API keeps the last use only,
    so for a past day this counts those whose last use fell in that window)."""
    try:
        start = day - dt.timedelta(days=TOKEN_ACTIVE_DAYS - 1)
    except OverflowError:  # a day in year 1
        start = dt.date.min
    return (adoptions_in_force(day).filter(
        method=AdoptionMethod.BATCH_API, api_token__revoked_at__isnull=True,
        api_token__last_used_at__date__gte=start, api_token__last_used_at__date__lte=day)
        .values("adopter_name").distinct().count())


def checks_this_year(day: dt.date) -> int | None:
    """Checks recorded for months of `day`'s year up to `day`; None if none
    is recorded at all (no data is not zero)."""
    qs = CheckVolume.objects.filter(month__gte=year_start(day), month__lte=day)
    if not qs.exists():
        return None
    return int(qs.aggregate(total=Sum("checks"))["total"] or 0)


# --- training and talent (tasks 4–5) -----------------------------------------


@dataclass(frozen=True)
class TrainingTally:
    sessions: int
    participants: int
    enterprises: int
    internal_auditors: int
    inspectors: int


def training_tally(start: dt.date, end: dt.date) -> TrainingTally:
    totals = TrainingSession.objects.filter(held_on__gte=start, held_on__lte=end).aggregate(
        sessions=Count("pk"), participants=Sum("participants"), enterprises=Sum("enterprises"),
        internal_auditors=Sum("internal_auditors"), inspectors=Sum("inspectors"))
    return TrainingTally(**{key: int(value or 0) for key, value in totals.items()})


def people_in_post(day: dt.date, role: str) -> QuerySet[BodyPerson]:
    return BodyPerson.objects.filter(role=role, active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def auditors_by_qualification(day: dt.date) -> dict[str, int]:
    rows = (people_in_post(day, PersonRole.AUDITOR).values("qualification")
            .annotate(n=Count("pk")).order_by("qualification"))
    return {row["qualification"] or "—": row["n"] for row in rows}


# --- body integrity (task 23) -------------------------------------------------


def bodies_with_commitment(day: dt.date) -> int:
    return (BodyCommitment.objects.filter(Q(published_on__lte=day),
                                          Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
            .values("body_id").distinct().count())


def findings_between(start: dt.date, end: dt.date) -> int:
    return BodyFinding.objects.filter(found_on__gte=start, found_on__lte=end).count()


def open_findings(day: dt.date) -> int:
    return BodyFinding.objects.filter(Q(found_on__lte=day),
                                      Q(closed_on__isnull=True) | Q(closed_on__gt=day)).count()


def signed_share(day: dt.date) -> Share:
    """Certificates valid on `day` whose named signatory is recorded."""
    valid = holders_of_valid(day)
    tally = valid.aggregate(all=Count("pk"),
                            signed=Count("pk", filter=Q(particulars__signatory__isnull=False)))
    return Share(tally["signed"], tally["all"])


# --- energy and government QMS (tasks 12–13) ---------------------------------


def energy_list_year(day: dt.date) -> int | None:
    """The latest list year not after `day`'s year."""
    return (KeyEnergyUser.objects.filter(year__lte=day.year).order_by("-year")
            .values_list("year", flat=True).first())


def energy_coverage(day: dt.date) -> Share:
    """Key energy-using enterprises of the latest list holding an energy
    management (GB/T 23331 / ISO 50001) certificate valid on `day`."""
    year = energy_list_year(day)
    if year is None:
        return Share(0, 0)
    listed = KeyEnergyUser.objects.filter(year=year)
    certified = holders_of_valid(day, scheme_codes=ENERGY_MANAGEMENT_SCHEMES).filter(
        holder_id__in=listed.values("enterprise_id"))
    return Share(distinct_holders(certified), listed.count())


def department_qms_coverage(day: dt.date) -> Share:
    """Responsible units holding their own QMS certificate on `day`."""
    held = DepartmentQMS.objects.filter(
        Q(issued_on__lte=day), Q(expires_on__gte=day),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    return Share(held.values("department_id").distinct().count(), Department.objects.count())


# --- a body's integrity archive (诚信档案) -------------------------------------


@dataclass(frozen=True)
class BodyArchive:
    body: CertificationBody
    commitments: list[BodyCommitment]
    people: dict[str, dict[str, int]]   # role → qualification → count, in post
    findings: list[BodyFinding]


def body_archive(body: CertificationBody, day: dt.date) -> BodyArchive:
    people: dict[str, dict[str, int]] = {}
    rows = (BodyPerson.objects.filter(body=body, active=True)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .values("role", "qualification").annotate(n=Count("pk")).order_by("role",
                                                                             "qualification"))
    for row in rows:
        people.setdefault(row["role"], {})[row["qualification"] or "—"] = row["n"]
    commitments = list(BodyCommitment.objects.filter(body=body, published_on__lte=day)
                       .order_by("-published_on"))
    findings = list(BodyFinding.objects.filter(body=body).select_related("certificate")
                    .order_by("-found_on", "-id")[:500])
    return BodyArchive(body, commitments, people, findings)


def bodies_with_archive_counts(day: dt.date) -> QuerySet[CertificationBody]:
    return (CertificationBody.objects.annotate(
        open_findings=Count("findings", filter=Q(findings__closed_on__isnull=True), distinct=True),
        all_findings=Count("findings", distinct=True),
        commitments_count=Count("commitments", distinct=True))
        .order_by("-open_findings", "approval_number"))
