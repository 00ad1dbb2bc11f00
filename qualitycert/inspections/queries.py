"""Reads of the inspections app that other apps and the views rely on.

Public contract (other apps call these):

* ``published_results_for(enterprise)`` — the enterprise's published results,
  newest first, for its public profile (rendered by
  ``inspections/_public_results.html``);
* ``annual_summary(year, as_of)`` — the figures of the annual report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.models import Role, User
from qualitycert.accounts.roles import BUREAU
from qualitycert.catalog.queries import ccc_holder_ids, self_declarer_ids
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Certificate

from . import draw as drawlib
from .models import (
    Candidate,
    Exclusion,
    InspectionResult,
    Plan,
    PlanStatus,
    PoolMember,
    ResultCategory,
    ResultStatus,
    Selection,
    Target,
    TargetKind,
)

# --- the population of a plan ---------------------------------------------------

POPULATION_KEYS = ("kinds", "industry_prefixes", "divisions", "schemes", "certificate_statuses",
                   "ccc_categories")


def population_targets(population: dict[str, Any]) -> QuerySet[Target]:
    """Active library targets matching a plan's population filter.

    ``kinds`` limits the target kinds (default: enterprises only);
    ``industry_prefixes`` and ``divisions`` match the GB/T 4754 industry code
    by prefix and the GB/T 2260 division exactly. ``schemes`` and
    ``certificate_statuses`` apply to enterprises only: the enterprise must
    hold at least one certificate of one of the schemes (by code) in one of
    the statuses (both optional; together they must hold on the same
    certificate). Empty lists mean "no restriction".
    """
    kinds = population.get("kinds") or [TargetKind.ENTERPRISE]
    qs = Target.objects.filter(active=True, kind__in=kinds)
    prefixes = population.get("industry_prefixes") or []
    if prefixes:
        match = Q()
        for prefix in prefixes:
            match |= Q(industry_code__startswith=prefix)
        qs = qs.filter(match)
    divisions = population.get("divisions") or []
    if divisions:
        qs = qs.filter(division_code__in=divisions)
    schemes = population.get("schemes") or []
    statuses = population.get("certificate_statuses") or []
    if schemes or statuses:
        certs = Certificate.objects.filter(holder_id=OuterRef("enterprise_id"))
        if schemes:
            certs = certs.filter(scheme__code__in=schemes)
        if statuses:
            certs = certs.filter(status__in=statuses)
        qs = qs.filter(~Q(kind=TargetKind.ENTERPRISE) | Exists(certs))
    categories = population.get("ccc_categories") or []
    if categories:
        # The catalogue decides: enterprises holding a CCC certificate valid
        # today for one of the categories, self-declarers with a declaration
        # valid today for one of them.
        today = timezone.localdate()
        qs = qs.filter(
            Q(kind=TargetKind.ENTERPRISE, enterprise_id__in=ccc_holder_ids(categories, today))
            | Q(kind=TargetKind.SELF_DECLARER,
                enterprise_id__in=self_declarer_ids(categories, today))
            | ~Q(kind__in=[TargetKind.ENTERPRISE, TargetKind.SELF_DECLARER]))
    return qs


def stratum_sizes(qs: QuerySet[Target]) -> dict[str, int]:
    sizes = dict.fromkeys(drawlib.RISK_CLASSES, 0)
    for row in qs.values("risk_class").annotate(n=Count("id")):
        sizes[row["risk_class"]] = row["n"]
    return sizes


# --- frozen lists ---------------------------------------------------------------------


def candidate_entries(plan: Plan) -> list[drawlib.CandidateEntry]:
    rows = Candidate.objects.filter(plan=plan).order_by("index").values_list(
        "index", "identifier", "name", "risk_class")
    return [drawlib.CandidateEntry(*row) for row in rows]


def pool_entries(plan: Plan) -> list[drawlib.PoolEntry]:
    rows = PoolMember.objects.filter(plan=plan).order_by("index").values_list(
        "index", "enforcement_number", "name", "department_code")
    return [drawlib.PoolEntry(*row) for row in rows]


def exclusion_entries(plan: Plan) -> list[drawlib.ExclusionEntry]:
    rows = Exclusion.objects.filter(plan=plan).values_list(
        "member__index", "candidate__index", "kind")
    return drawlib.sort_exclusions(drawlib.ExclusionEntry(*row) for row in rows)


def frozen_list_problems(plan: Plan) -> list[str]:
    """Recompute the three hashes from the stored rows; an empty list means
    every frozen list is exactly what was committed."""
    if not plan.committed_at:
        return []
    problems = []
    checks = [
        (gettext("候选名单"), drawlib.candidate_list_sha256(candidate_entries(plan)),
         plan.candidates_sha256),
        (gettext("检查人员库"), drawlib.pool_sha256(pool_entries(plan)), plan.pool_sha256),
        (gettext("回避名单"), drawlib.exclusions_sha256(exclusion_entries(plan)),
         plan.exclusions_sha256),
    ]
    for name, recomputed, committed in checks:
        if recomputed != committed:
            problems.append(gettext("%(name)s：公示的哈希为 %(committed)s，现为 %(now)s")
                            % {"name": name, "committed": committed, "now": recomputed})
    return problems


# --- progress and the dashboard ---------------------------------------------------------


@dataclass
class PlanProgress:
    plan: Plan
    drawn: int = 0
    unstaffed: int = 0
    results: dict[str, int] = field(default_factory=dict)

    @property
    def recorded(self) -> int:
        return sum(self.results.values())

    @property
    def published(self) -> int:
        return self.results.get(ResultStatus.PUBLISHED, 0)


def plans_with_progress(limit: int = 50) -> list[PlanProgress]:
    plans = list(Plan.objects.prefetch_related("departments")[:limit])
    progress = {p.pk: PlanProgress(p) for p in plans}
    for row in (Selection.objects.filter(plan__in=plans).values("plan_id", "staffed")
                .annotate(n=Count("id"))):
        item = progress[row["plan_id"]]
        item.drawn += row["n"]
        if not row["staffed"]:
            item.unstaffed += row["n"]
    for row in (InspectionResult.objects.filter(selection__plan__in=plans)
                .values("selection__plan_id", "status").annotate(n=Count("id"))):
        progress[row["selection__plan_id"]].results[row["status"]] = row["n"]
    return [progress[p.pk] for p in plans]


def overdue_for_publication(on: dt.date) -> QuerySet[InspectionResult]:
    """Recorded results not yet published whose deadline has passed."""
    return (InspectionResult.objects
            .exclude(status=ResultStatus.PUBLISHED)
            .filter(publication_due_on__lt=on)
            .select_related("selection__plan", "selection__candidate")
            .order_by("publication_due_on", "pk"))


def unstaffed_selections() -> QuerySet[Selection]:
    return (Selection.objects.filter(staffed=False)
            .exclude(plan__status=PlanStatus.CLOSED)
            .select_related("plan", "candidate").order_by("plan_id", "draw_order"))


def review_queue() -> QuerySet[InspectionResult]:
    return (InspectionResult.objects
            .filter(status__in=[ResultStatus.SUBMITTED, ResultStatus.ACCEPTED])
            .select_related("selection__plan", "selection__candidate")
            .order_by("publication_due_on", "pk"))


# The inspector's list (issue 11): an inspector may hold 1,500 assignments, so
# the list is paged, searchable and filtered, soonest due first.
ASSIGNMENTS_PER_PAGE = 50
# Status filter values beyond ResultStatus: nothing recorded yet, and
# everything still in the inspector's hands (nothing recorded, draft, returned).
TODO = "todo"
OPEN = "open"
# Certificates a plan's check covers when the plan names no statuses.
IN_SCOPE_STATUSES = ("valid", "suspended")


def assignments_for(inspector: Any, *, q: str = "", status: str = "",
                    due_by: dt.date | None = None) -> QuerySet[Selection]:
    """The inspector's staffed assignments, soonest due (the plan's end) first.

    ``q`` finds an enterprise name (any part), a USCC or other identifier, a
    certificate number the target holds, or the assignment number."""
    qs = (Selection.objects.filter(team__inspector=inspector, staffed=True)
          .select_related("plan", "candidate", "result", "target__enterprise")
          .order_by("plan__ends_on", "plan_id", "draw_order"))
    q = (q or "").strip()
    if q:
        key = normalize_identifier(q)
        match = Q(candidate__identifier=key) | Q(Exists(Certificate.objects.filter(
            holder_id=OuterRef("target__enterprise_id"), number__iexact=key)))
        if key.isdigit() and len(key) < 10:
            # A short run of digits is an assignment number, not part of a name.
            match |= Q(pk=int(key))
        else:
            match |= Q(candidate__name__icontains=q)
        qs = qs.filter(match)
    if status == TODO:
        qs = qs.filter(result__isnull=True)
    elif status == OPEN:
        qs = qs.filter(Q(result__isnull=True)
                       | Q(result__status__in=[ResultStatus.DRAFT, ResultStatus.RETURNED]))
    elif status in ResultStatus.values:
        qs = qs.filter(result__status=status)
    if due_by is not None:
        qs = qs.filter(plan__ends_on__lte=due_by)
    return qs


def assignment_count(inspector: Any) -> int:
    return Selection.objects.filter(team__inspector=inspector, staffed=True).count()


def certificates_in_scope(selections: list[Selection]) -> dict[int, list[Certificate]]:
    """Selection pk → the target enterprise's certificates the plan's check
    covers: those of the plan's schemes and statuses if it names any, else the
    valid and suspended ones. One query for a whole page of assignments."""
    enterprise_ids = {s.target.enterprise_id for s in selections if s.target.enterprise_id}
    held: dict[int, list[Certificate]] = {}
    for cert in (Certificate.objects.filter(holder_id__in=enterprise_ids)
                 .select_related("scheme", "body").order_by("expires_on", "number")):
        held.setdefault(cert.holder_id, []).append(cert)
    found: dict[int, list[Certificate]] = {}
    for selection in selections:
        population = selection.plan.population or {}
        schemes = set(population.get("schemes") or [])
        statuses = set(population.get("certificate_statuses") or IN_SCOPE_STATUSES)
        found[selection.pk] = [
            c for c in held.get(selection.target.enterprise_id or 0, [])
            if c.status in statuses and (not schemes or c.scheme.code in schemes)]
    return found


# --- public ----------------------------------------------------------------------------


def published_results() -> QuerySet[InspectionResult]:
    return (InspectionResult.objects.filter(status=ResultStatus.PUBLISHED)
            .select_related("selection__plan", "selection__candidate"))


def published_results_for(enterprise: Any) -> QuerySet[InspectionResult]:
    """Published results about ``enterprise`` (a registry Enterprise), newest
    first. Only what the public may see: the plan, the category, the dates."""
    return (published_results()
            .filter(selection__target__enterprise=enterprise)
            .order_by("-published_at", "-pk"))


def plans_with_published_results() -> QuerySet[Plan]:
    has_published = InspectionResult.objects.filter(
        selection__plan=OuterRef("pk"), status=ResultStatus.PUBLISHED)
    return (Plan.objects.filter(Exists(has_published))
            .annotate(published_count=Count("selections__result", filter=Q(
                selections__result__status=ResultStatus.PUBLISHED)))
            .order_by("-year", "-id"))


def published_results_of(plan: Plan) -> QuerySet[InspectionResult]:
    return published_results().filter(selection__plan=plan).order_by("selection__draw_order")


# --- the annual report ----------------------------------------------------------------


@dataclass(frozen=True)
class AnnualSummary:
    year: int
    plans: int
    plans_drawn: int
    targets_drawn: int
    targets_unstaffed: int
    results_by_category: dict[str, int]
    results_published: int
    published_on_time: int

    @property
    def on_time_share(self) -> float | None:
        """Published on or before the deadline, as a share of published results."""
        if not self.results_published:
            return None
        return self.published_on_time / self.results_published

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "plans": self.plans, "plans_drawn": self.plans_drawn,
            "targets_drawn": self.targets_drawn, "targets_unstaffed": self.targets_unstaffed,
            "results_by_category": dict(self.results_by_category),
            "results_published": self.results_published,
            "published_on_time": self.published_on_time,
            "on_time_share": self.on_time_share,
        }


def annual_summary(year: int, as_of: dt.date | None = None) -> AnnualSummary:
    """The year's 双随机 figures, for plans of that year (Plan.year).

    ``results_by_category`` counts every result submitted for review (drafts
    are not results yet), keyed by the ResultCategory value, with every
    category present. A result is on time when its publication date (in
    Asia/Shanghai) is on or before its deadline.

    With `as_of` (the annual report passes the year's end), results recorded
    or published after that day are left out, so a past year's figures do not
    grow when they are run again later.
    """
    plans = Plan.objects.filter(year=year)
    selections = Selection.objects.filter(plan__year=year)
    results = InspectionResult.objects.filter(selection__plan__year=year,
                                              recorded_on__isnull=False)
    if as_of is not None:
        results = results.filter(recorded_on__lte=as_of)
    by_category = dict.fromkeys(ResultCategory.values, 0)
    for row in results.values("category").annotate(n=Count("id")):
        by_category[row["category"]] = row["n"]
    published = [(at, due) for at, due in results.filter(status=ResultStatus.PUBLISHED)
                 .values_list("published_at", "publication_due_on")
                 if as_of is None or (at is not None and timezone.localdate(at) <= as_of)]
    on_time = sum(1 for at, due in published
                  if at is not None and due is not None and timezone.localdate(at) <= due)
    return AnnualSummary(
        year=year,
        plans=plans.count(),
        plans_drawn=plans.filter(status__in=[PlanStatus.DRAWN, PlanStatus.CLOSED]).count(),
        targets_drawn=selections.count(),
        targets_unstaffed=selections.filter(staffed=False).count(),
        results_by_category=by_category,
        results_published=len(published),
        published_on_time=on_time,
    )


def library_keepers(limit: int = 5) -> list[str]:
    """Who keeps the inspector library (bureau staff in the back office): the
    names an account without an inspector profile is told to ask."""
    rows = (User.objects.filter(is_active=True, is_staff=True, role__in=BUREAU)
            .order_by("role", "username").values_list("first_name", "last_name", "username"))
    return [f"{last}{first}".strip() or username for first, last, username in rows[:limit]]


def inspector_accounts() -> QuerySet[User]:
    """Active accounts in the inspector role: who may be linked to an
    inspector-library entry in the back office."""
    return User.objects.filter(is_active=True, role=Role.INSPECTOR).order_by("username")
