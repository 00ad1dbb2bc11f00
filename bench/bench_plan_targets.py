"""Benchmark qualitycert.plan.targets.compute_targets at province scale.

Run from the repository root:

    .venv/bin/python bench/bench_plan_targets.py [--certificates N] [--repeat R]
        [--postgres postgres://postgres@127.0.0.1:5432/qc_bench_plan]

Builds a scratch database (SQLite in /dev/shm or a temporary directory by default; with
--postgres, a scratch PostgreSQL database that is created and dropped), fills
it with N certificates (default 1,000,000) and their lifecycle events, then
measures, as medians over R repeats:

- compute_targets(today) — every target of the plan, the path the annual
  report and the public API take;
- compute_targets(a year ago) — the history path: certificates changed since
  then replay their events;
- the dashboard's trend (the last 8 quarter ends and today, uncached);
- the baseline: one plain aggregate over the same table — distinct holders of
  a valid management-system certificate by current status and dates, the
  cheapest query that could answer the main target at all.

Before timing, it checks that compute_targets(today) equals that plain count
(no back-dated events exist in the data), so a fast wrong answer cannot pass.
Prints one Markdown section on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORY_WEIGHTS = {"management_system": 60, "product": 20, "food_agri": 10, "service": 10}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def configure(database_url: str, var_dir: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["QC_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitycert.settings"
    import django

    django.setup()


def create_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_pg_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def populate(n_certs: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from qualitycert.registry.bulk import insert_rows
    from qualitycert.registry.models import (
        Certificate,
        CertificateEvent,
        CertificationBody,
        Enterprise,
        Scheme,
    )
    from qualitycert.testing.factories import make_uscc

    log("migrating …")
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    n_enterprises = max(n_certs * 3 // 10, 10)
    schemes: dict[str, list[int]] = {}
    for pk, category in Scheme.objects.values_list("pk", "category"):
        schemes.setdefault(category, []).append(pk)
    categories = [c for c in CATEGORY_WEIGHTS if c in schemes]
    weights = [CATEGORY_WEIGHTS[c] for c in categories]

    log(f"inserting {n_enterprises:,} enterprises, {n_certs:,} certificates and events …")
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        # Scratch data: durability is pointless here, and a large page cache
        # keeps index maintenance off the disk. Reset before timing.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
    with transaction.atomic():
        insert_rows(Enterprise, [
            "uscc", "name", "name_key", "former_names", "address", "division_code",
            "industry_code", "legal_status", "size", "is_tech_leader", "has_own_brand",
            "is_equipment_manufacturer", "created_at", "updated_at"],
            ((make_uscc(i), f"企业{i}", f"企业{i}", "[]", "", "120116", "C3411", "active", "",
              i % 97 == 0, i % 97 == 0 and i % 3 != 0, i % 11 == 0, now, now)
             for i in range(1, n_enterprises + 1)))
        for i in range(1, 51):
            CertificationBody.objects.create(approval_number=f"CNCA-R-2010-{i:03d}",
                                             name=f"认证机构{i}")
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    body_ids = list(CertificationBody.objects.values_list("pk", flat=True))

    certs, events = [], []
    for i in range(n_certs):
        issued = today - dt.timedelta(days=rng.randrange(6 * 365))
        expires = issued + dt.timedelta(days=3 * 365 - 1)
        status, changed, kind = "valid", issued, None
        if expires < today:
            status, changed, kind = "expired", expires + dt.timedelta(days=1), "expire"
        else:
            roll = rng.random()
            if roll < 0.10:
                changed = issued + dt.timedelta(days=rng.randrange(max((today - issued).days, 1)))
                status, kind = [("suspended", "suspend"), ("withdrawn", "withdraw"),
                                ("cancelled", "cancel")][int(roll * 30) % 3]
        category = rng.choices(categories, weights)[0]
        certs.append((f"N{i:08d}", rng.choice(body_ids), rng.choice(enterprise_ids),
                      rng.choice(schemes[category]), "", "[]", issued, expires, status, changed,
                      "", "bench", None, now))
        events.append((i, "issue", issued, "", "valid"))
        if (today - issued).days > 365:
            events.append((i, "surveillance", issued + dt.timedelta(days=360), "valid", "valid"))
        if kind is not None:
            events.append((i, kind, changed, "valid", status))
    with transaction.atomic():
        insert_rows(Certificate, [
            "number", "body_id", "holder_id", "scheme_id", "scope", "sites", "issued_on",
            "expires_on", "status", "status_changed_on", "status_reason", "status_signer_name",
            "last_surveillance_on", "updated_at"], certs)
        first_id = Certificate.objects.order_by("pk").values_list("pk", flat=True).first()
        insert_rows(CertificateEvent, [
            "certificate_id", "kind", "occurred_on", "recorded_at", "signer_name", "reason",
            "from_status", "to_status", "details"],
            ((first_id + i, kind, day, now, "bench", "", before, after, "{}")
             for i, kind, day, before, after in events))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA cache_size=-2000")
    log(f"  {len(events):,} events; inserted in {time.perf_counter() - started:.0f} s")


def plain_count(day: dt.date) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT c.holder_id) FROM registry_certificate c "
            "JOIN registry_scheme s ON s.id = c.scheme_id "
            "WHERE s.category = %s AND c.status = 'valid' "
            "AND c.issued_on <= %s AND c.expires_on >= %s", ["management_system", day, day])
        return cursor.fetchone()[0]


def scratch_parent() -> str | None:
    """RAM-backed /dev/shm when it has room: generating the data is write-bound
    and the queries read a warm page cache either way, so only the set-up gets
    faster. Otherwise the system's temporary directory."""
    shm = Path("/dev/shm")
    if shm.is_dir() and shutil.disk_usage(shm).free > 4 * 2**30:
        return str(shm)
    return None


def median_seconds(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20190718)
    parser.add_argument("--postgres", help="scratch database URL (created and dropped)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.certificates < 1:
        parser.error("--repeat and --certificates must be at least 1")

    scratch = Path(tempfile.mkdtemp(prefix="qc-bench-plan-", dir=scratch_parent()))
    url = args.postgres or f"sqlite:///{scratch / 'bench.sqlite3'}"
    try:
        if args.postgres:
            create_pg_database(args.postgres)
        configure(url, scratch)
        from django.db import connection
        from django.utils import timezone

        from qualitycert.plan.targets import compute_targets, target_trend

        populate(args.certificates, args.seed)
        today = timezone.localdate()
        year_ago = today - dt.timedelta(days=365)
        values = {v.code: v for v in compute_targets(today)}
        expected = plain_count(today)
        if values["management_system_enterprises"].value != expected:
            log(f"WRONG: compute_targets gives {values['management_system_enterprises'].value}, "
                f"the plain count {expected}")
            return 1
        log("timing …")
        baseline = median_seconds(lambda: plain_count(today), args.repeat)
        now_s = median_seconds(lambda: compute_targets(today), args.repeat)
        past_s = median_seconds(lambda: compute_targets(year_ago), args.repeat)
        trend_s = median_seconds(lambda: target_trend(today, 8), max(1, args.repeat // 2))
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        engine = f"{connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info)) if connection.vendor == 'sqlite' else connection.pg_version}"
    finally:
        if args.postgres:
            drop_pg_database(args.postgres)
        shutil.rmtree(scratch, ignore_errors=True)

    ms = values["management_system_enterprises"]
    print("## plan targets (compute_targets)\n")
    print(f"{args.certificates:,} certificates ({args.certificates * 3 // 10:,} enterprises) "
          f"with their issue, surveillance and status events, on {engine}; medians of "
          f"{args.repeat} runs. `compute_targets` answers all six targets of the plan; "
          f"the baseline is one plain `COUNT(DISTINCT holder)` over valid management-system "
          f"certificates by current status — the cheapest query that answers the main "
          f"target for today only, without history.\n")
    print("| measurement | seconds | × baseline |")
    print("|---|---:|---:|")
    print(f"| baseline: plain count, today | {baseline:.3f} | 1.0 |")
    print(f"| compute_targets(today), 6 targets | {now_s:.3f} | {now_s / baseline:.1f} |")
    print(f"| compute_targets(a year ago), history replay | {past_s:.3f} | "
          f"{past_s / baseline:.1f} |")
    print(f"| dashboard trend: 8 quarter ends + today, uncached | {trend_s:.3f} | "
          f"{trend_s / baseline:.1f} |")
    print(f"\nChecked: management-system enterprises today = {int(ms.value or 0):,}, equal to "
          f"the plain count. Peak memory of the benchmark process (including data "
          f"generation): {peak_mib:.0f} MiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
