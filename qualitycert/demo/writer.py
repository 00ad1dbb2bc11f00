"""Putting a demo registry into the database: one transaction, bulk rows,
one audit entry.

Bodies, approvals, labs, enterprises, certificates and events go in through
`registry.bulk.insert_rows` (executemany on SQLite, COPY on PostgreSQL) in
batches of `scale.chunk` enterprises, so memory stays flat however large the
scale. The demo accounts are ordinary ORM saves. A single `demo.seed` audit
entry records what was loaded; the rows themselves are not audited one by one
because they are generated, not signed by anybody, but each certificate gets
its `register` leaf in the transparency log.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.registry.bulk import insert_rows
from qualitycert.registry.leaves import append_registered
from qualitycert.registry.models import (
    BodySchemeApproval,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CertificationBody,
    Enterprise,
    Lab,
    Scheme,
)

from .accounts import DemoAccount, create_demo_accounts
from .anomalies import plant
from .catalog import seed_catalog
from .credit import seed_credit
from .holders import CERTIFICATE_COLUMNS, ENTERPRISE_COLUMNS, EVENT_COLUMNS, Generator, SchemeInfo
from .identifiers import UsccMaker
from .organisations import BodyPlan, LabPlan, make_bodies, make_labs
from .programmes import seed_programmes
from .scales import Scale

BODY_COLUMNS = ("id", "approval_number", "name", "name_en", "uscc", "accreditation",
                "approved_on", "approval_valid_until", "status", "last_reported_on")
APPROVAL_COLUMNS = ("id", "body_id", "scheme_id", "valid_from", "valid_until")
LAB_COLUMNS = ("id", "cma_number", "name", "uscc", "fields", "valid_from", "valid_until",
               "status", "address")
PROGRESS_EVERY = 100_000
REGISTRY_MODELS = (Enterprise, CertificationBody, Lab, Certificate)


class SeedError(Exception):
    """The demo cannot be loaded here; the message says why (zh and en)."""


@dataclass
class SeedReport:
    scale: str
    seed: int
    today: dt.date
    counts: dict[str, int]
    planted: dict[str, int]
    by_status: dict[str, int]
    by_category: dict[str, int]
    valid_holders_by_category: dict[str, int]
    accounts: list[DemoAccount] = field(default_factory=list)
    seconds: float = 0.0


def registry_contents() -> dict[str, int]:
    """What the registry already holds, by table; empty means none."""
    found = {}
    for model in REGISTRY_MODELS:
        if model.objects.exists():
            found[model._meta.model_name or model.__name__] = model.objects.count()
    return found


def seed_demo(*, scale: Scale, seed: int, today: dt.date,
              progress: Callable[[str], None] = lambda message: None) -> SeedReport:
    started = time.perf_counter()
    schemes = {s.code: SchemeInfo(s.pk, s.code, s.category, s.validity_years,
                                  s.surveillance_months is not None)
               for s in Scheme.objects.all()}
    if not schemes:
        raise SeedError(_("认证项目目录为空，请先运行 `qualitycert migrate`"))
    rng = random.Random(seed)  # nosec B311 # demo data, reproducible by seed, not secrets
    day = today.toordinal()
    with transaction.atomic():
        present = registry_contents()
        if present:
            listed = ", ".join(f"{name} {count}" for name, count in present.items())
            raise SeedError(_("登记库已有数据（%(listed)s），演示数据只能载入空库；请换用空数据库，"
                              "或使用 --if-empty") % {"listed": listed})
        _tune_connection()
        first = {name: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for name, model in
                 (("enterprise", Enterprise), ("certificate", Certificate),
                  ("event", CertificateEvent), ("body", CertificationBody),
                  ("approval", BodySchemeApproval), ("lab", Lab))}
        usccs, next_org = UsccMaker.from_rng(rng), [0]

        bodies = make_bodies(rng, scale.bodies, today=day, lapsed=scale.lapsed_bodies,
                             first_id=first["body"], usccs=usccs, next_org=next_org,
                             schemes=set(schemes))
        _write_bodies(bodies, schemes, first["approval"])
        labs = make_labs(rng, scale.labs, today=day, places=scale.places,
                         first_id=first["lab"], usccs=usccs, next_org=next_org)
        _write_labs(labs)
        progress(f"{len(bodies)} bodies, {len(labs)} labs")

        gen = Generator(rng, scale=scale, today=day, schemes=schemes, bodies=bodies,
                        usccs=usccs, next_org=next_org, first_ids=first,
                        adapt_datetime=connection.ops.adapt_datetimefield_value)
        next_report = PROGRESS_EVERY
        for chunk_start in range(0, scale.enterprises, scale.chunk):
            for index in range(chunk_start, min(chunk_start + scale.chunk, scale.enterprises)):
                draft = gen.enterprise()
                if gen.wants_certificates(draft, remaining_enterprises=scale.enterprises - index):
                    gen.certify(draft)
            _write(gen)
            while gen.counts["certificates"] >= next_report:
                progress(f"certificates {gen.counts['certificates']:,} / ~{scale.certificates:,}"
                         f" (enterprises {gen.counts['enterprises']:,}, events "
                         f"{gen.counts['events']:,}) {time.perf_counter() - started:.1f} s, "
                         f"peak RSS {_peak_rss_mib():.0f} MiB")
                next_report += PROGRESS_EVERY
        planted = plant(gen, scale.anomalies_per_kind)
        _write(gen)
        _reset_sequences()
        # Generated, not signed: each certificate enters the transparency log
        # once, as it stands, like an import (registry/leaves.py).
        append_registered()
        progress(f"transparency log: {gen.counts['certificates']:,} certificate leaves")

        showcase = gen.showcase_enterprise_id or gen.fallback_enterprise_id
        accounts = create_demo_accounts(
            body=CertificationBody.objects.get(pk=bodies[0].id),
            lab=Lab.objects.get(pk=labs[0].id) if labs else None,
            enterprise=Enterprise.objects.get(pk=showcase) if showcase else None,
            # Like every other demo timestamp, derived from "today" alone.
            joined=dt.datetime.combine(today, dt.time(8), tzinfo=dt.timezone(dt.timedelta(hours=8))))
        # The product side: catalogue, declarations, licences, sampling (demo/catalog.py).
        product_side = seed_catalog(seed=seed, today=today,
                                    demo_lab_id=labs[0].id if labs else None)
        progress("catalogue: " + ", ".join(f"{k} {v}" for k, v in product_side.counts.items()))
        # The plan's programmes: designations, GI, training, adoption … (demo/programmes.py).
        programmes = seed_programmes(seed=seed, today=today)
        progress("programmes: " + ", ".join(f"{k} {v}" for k, v in programmes.counts.items()))
        credit_side = seed_credit(seed=seed, today=today, showcase_enterprise_id=showcase)
        progress("credit: " + ", ".join(f"{k} {v}" for k, v in credit_side.counts.items()))
        report = _report(scale, seed, today, gen, planted, accounts, bodies, labs)
        report.counts["certificates"] += product_side.counts.pop("certificates_added", 0)
        report.counts["events"] = CertificateEvent.objects.count()
        report.counts.update(product_side.counts)
        report.counts.update(programmes.counts)
        report.counts.update({f"credit_{k}": v for k, v in credit_side.counts.items()})
        audit_append(
            action="demo.seed", object_type="registry.demo", object_id=f"{scale.name}-{seed}",
            object_repr=f"seed-demo --scale {scale.name} --seed {seed}",
            actor=Actor.system(), actor_label="seed-demo",
            reason="载入演示数据",
            after={"scale": scale.name, "seed": seed, "today": today.isoformat(),
                   "counts": report.counts, "planted": planted,
                   "by_status": report.by_status, "by_category": report.by_category,
                   "accounts": [a.username for a in accounts if a.created]},
        )
    report.seconds = time.perf_counter() - started
    return report


def _peak_rss_mib() -> float:
    # Shown with the progress so a long run can be seen to stay flat.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _tune_connection() -> None:
    if connection.vendor == "sqlite":
        # A larger page cache for this connection only: index pages of a
        # million-row table stop being evicted between batches (~128 MB cap).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")


def _write_bodies(bodies: list[BodyPlan], schemes: dict[str, SchemeInfo],
                  first_approval: int) -> None:
    d = dt.date.fromordinal
    insert_rows(CertificationBody, BODY_COLUMNS, [
        (b.id, b.approval_number, b.name, b.name_en, b.uscc, b.accreditation, d(b.approved_on),
         d(b.valid_until), b.status, d(b.last_reported_on)) for b in bodies])
    rows: list[tuple[Any, ...]] = []
    for body in bodies:
        for code, periods in sorted(body.approvals.items()):
            for start, end in periods:
                rows.append((first_approval + len(rows), body.id, schemes[code].id, d(start),
                             d(end) if end is not None else None))
    insert_rows(BodySchemeApproval, APPROVAL_COLUMNS, rows)


def _write_labs(labs: list[LabPlan]) -> None:
    d = dt.date.fromordinal
    insert_rows(Lab, LAB_COLUMNS, (
        (lab.id, lab.cma_number, lab.name, lab.uscc, json.dumps(list(lab.fields), ensure_ascii=False),
         d(lab.valid_from), d(lab.valid_until), lab.status, lab.address) for lab in labs))


def _write(gen: Generator) -> None:
    rows = gen.take_rows()
    insert_rows(Enterprise, ENTERPRISE_COLUMNS, rows.enterprises)
    insert_rows(Certificate, CERTIFICATE_COLUMNS, rows.certificates)
    insert_rows(CertificateEvent, EVENT_COLUMNS, rows.events)


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; SQLite's AUTOINCREMENT
    follows explicit ids by itself (the statement list is empty there)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Enterprise, Certificate, CertificateEvent, CertificationBody,
                     BodySchemeApproval, Lab])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _report(scale: Scale, seed: int, today: dt.date, gen: Generator, planted: dict[str, int],
            accounts: list[DemoAccount], bodies: list[BodyPlan], labs: list[LabPlan]
            ) -> SeedReport:
    certificates = Certificate.objects.all()
    by_status = dict(certificates.values_list("status").annotate(n=Count("id")).order_by())
    by_category = dict(certificates.values_list("scheme__category").annotate(n=Count("id"))
                       .order_by())
    valid = certificates.filter(status=CertificateStatus.VALID)
    holders = dict(valid.values_list("scheme__category")
                   .annotate(n=Count("holder", distinct=True)).order_by())
    counts: dict[str, Any] = {
        "enterprises": gen.counts["enterprises"], "holders": gen.counts["holders"],
        "certificates": gen.counts["certificates"], "events": gen.counts["events"],
        "bodies": len(bodies), "lapsed_bodies": sum(body.lapsed for body in bodies),
        "labs": len(labs),
    }
    return SeedReport(scale.name, seed, today, counts, planted, by_status, by_category, holders,
                      accounts)
