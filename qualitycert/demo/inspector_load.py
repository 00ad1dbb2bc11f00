"""Many assignments for one inspector, fast: the district-scale case of issue 11
(an inspector with ~1,500 assignments), for the browser journey, the list's
tests and `bench/bench_inspector_list.py`.

Written with bulk_create straight into the tables, as a finished draw would
leave them; it skips the draw itself (RFC 3797 over 1,500 picks, audited row
by row) because what is measured here is the inspector's list, not the draw.
Never imported by the apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from qualitycert.inspections.models import (
    Candidate,
    Inspector,
    Plan,
    PlanStatus,
    Selection,
    Target,
    TargetKind,
    TeamMember,
)
from qualitycert.lib import uscc as uscc_lib
from qualitycert.lib.normalize import name_search_key
from qualitycert.registry.models import Certificate, CertificationBody, Enterprise, Scheme

STREETS = ["新港街道", "塘沽街道", "汉沽街道", "大港街道", "泰达街道", "中新天津生态城"]


@dataclass(frozen=True)
class LoadedAssignments:
    plans: list[Plan]
    selections: int


def enterprise_name(n: int) -> str:
    return f"滨海检查任务演示{n:05d}有限公司"


def bulk_assignments(inspector: Inspector, partner: Inspector, count: int, *,
                     plans: int = 3, starts_on: dt.date, serial_base: int = 70_000_000,
                     body: CertificationBody | None = None,
                     scheme: Scheme | None = None) -> LoadedAssignments:
    """`count` staffed assignments for `inspector` (with `partner` as the second
    seat), spread over `plans` drawn plans that end 30 days apart. Every third
    enterprise holds a certificate when `body` and `scheme` are given."""
    with transaction.atomic():
        enterprises = [Enterprise(
            uscc=uscc_lib.complete(f"91120116{(serial_base + n) % 10**8:08d}"),
            name=enterprise_name(n), name_key=name_search_key(enterprise_name(n)),
            address=f"天津市滨海新区{STREETS[n % len(STREETS)]}演示路{n % 300 + 1}号",
            division_code="120116", industry_code="C3411") for n in range(count)]
        Enterprise.objects.bulk_create(enterprises, batch_size=500)
        by_uscc = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in enterprises])
                       .values_list("uscc", "pk"))
        Target.objects.bulk_create([Target(
            kind=TargetKind.ENTERPRISE, identifier=e.uscc, name=e.name,
            enterprise_id=by_uscc[e.uscc], industry_code="C3411", division_code="120116",
            contact_name=f"联系人{n:05d}", contact_phone=f"022-6{n % 10**7:07d}")
            for n, e in enumerate(enterprises)], batch_size=500)
        targets = list(Target.objects.filter(identifier__in=by_uscc).order_by("identifier"))
        if body is not None and scheme is not None:
            _certificates(enterprises[::3], by_uscc, body, scheme, starts_on)
        made = []
        for p in range(plans):
            made.append(Plan.objects.create(
                name=f"认证有效性抽查（规模演示）第{p + 1}批", year=starts_on.year,
                starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=30 * (p + 1)),
                status=PlanStatus.DRAWN, source_announcement="规模演示数据",
                source_labels=["演示"], percent_a=Decimal(100), percent_b=Decimal(100),
                percent_c=Decimal(100), percent_d=Decimal(100),
                population={"kinds": [TargetKind.ENTERPRISE]}))
        share = [targets[p::plans] for p in range(plans)]
        candidates = [Candidate(plan=made[p], index=i + 1, target=t, identifier=t.identifier,
                                name=t.name, risk_class=t.risk_class)
                      for p in range(plans) for i, t in enumerate(share[p])]
        Candidate.objects.bulk_create(candidates, batch_size=500)
        by_plan_target = {(c.plan_id, c.target_id): c.pk for c in Candidate.objects.filter(
            plan__in=made).only("pk", "plan_id", "target_id")}
        selections = [Selection(plan=made[p], candidate_id=by_plan_target[(made[p].pk, t.pk)],
                                target=t, risk_class=t.risk_class, draw_order=i + 1,
                                staffed=True, eligible_count=2)
                      for p in range(plans) for i, t in enumerate(share[p])]
        Selection.objects.bulk_create(selections, batch_size=500)
        ids = list(Selection.objects.filter(plan__in=made).values_list("pk", flat=True))
        TeamMember.objects.bulk_create(
            [TeamMember(selection_id=pk, inspector=member, seat=seat)
             for pk in ids for seat, member in ((1, inspector), (2, partner))], batch_size=500)
    return LoadedAssignments(made, len(ids))


def _certificates(holders: list[Enterprise], by_uscc: dict[str, Any], body: CertificationBody,
                  scheme: Scheme, issued_on: dt.date) -> None:
    Certificate.objects.bulk_create([Certificate(
        number=f"DEMO-INSP-{n:05d}", body=body, holder_id=by_uscc[e.uscc], scheme=scheme,
        issued_on=issued_on - dt.timedelta(days=365), status_changed_on=issued_on,
        expires_on=issued_on + dt.timedelta(days=730), scope="演示范围")
        for n, e in enumerate(holders)], batch_size=500)
