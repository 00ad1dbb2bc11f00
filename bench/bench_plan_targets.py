"""Benchmark qualitycert.plan.targets.compute_targets at district and province scale.

Run from the repository root:

    .venv/bin/python bench/bench_plan_targets.py [--scales district,province]
        [--certificates N] [--repeat R]
        [--postgres postgres://postgres@127.0.0.1:5432/qc_bench_plan]

For each scale — district (7,000 certificates, 30,000 enterprises of which
4,000 hold certificates: the proportions of `seed-demo --scale district`) and
province (1,000,000 certificates, 330,000 enterprises, 260,000 holders, as
`seed-demo --scale province`), or one custom size with --certificates — a
SQLite database is generated once, with every certificate's issue,
surveillance and status events, and cached under /tmp/qualitycert-bench/
(keyed by a hash of the generator's code and parameters, so reruns skip
generation; a cached database is migrated to the current schema). With
--postgres, a scratch PostgreSQL database is filled instead, then dropped.

The data is dated relative to a fixed reference day (REFERENCE_DAY, "today"
below), so a cached database means the same on any day. Each measurement runs
in its own fresh `python` process against that database — launched from this
small parent, which never imports Django, so the child's ru_maxrss (os.wait4)
is its own: Linux would count a big parent's high-water mark in a forked
child's. Every child sets Django up and makes one untimed warm-up call, then
times R runs; it reports the medians, the parent the child's peak RSS:

- baseline: one plain aggregate — distinct holders of a valid
  management-system certificate by current status and dates, the cheapest
  query that could answer the main target at all (today only, no history);
- compute_targets(today) — every target of the plan, the path the annual
  report and the public API take;
- compute_targets(a year ago) — the history path: certificates changed since
  then replay their events;
- the dashboard's trend (target_trend: the last 8 quarter ends and today,
  uncached; R // 2 runs, at least one);
- the dashboard's trend as the dashboard now gets it (plan.snapshots.trend):
  the 8 past quarter ends read from TargetSnapshot rows — the warm-up stores
  them, as the nightly `snapshot-targets` does — and today computed live.

Before timing, a separate child checks that compute_targets(today) equals the
plain count (the data has no back-dated events), so a fast wrong answer cannot
pass. Prints one Markdown section on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/qualitycert-bench")
# The data's "today": fixed, so a cached database and its figures do not depend
# on the day the benchmark runs.
REFERENCE_DAY = dt.date(2026, 6, 30)
SEED = 20190718
# certificates, enterprises, holders (enterprises with at least one certificate)
SCALES = {
    "district": (7_000, 30_000, 4_000),
    "province": (1_000_000, 330_000, 260_000),
}
CATEGORY_WEIGHTS = {"management_system": 60, "product": 20, "food_agri": 10, "service": 10}
KINDS = ("baseline", "now", "past", "trend", "stored")
LABELS = {
    "baseline": "baseline: plain count, today",
    "now": "compute_targets(today), 6 targets",
    "past": "compute_targets(a year ago), history replay",
    "trend": "dashboard trend: 8 quarter ends + today, uncached",
    "stored": "dashboard trend: 8 stored quarter ends (TargetSnapshot) + today live",
}


def log(message: str) -> None:
    print(f"[bench_plan_targets {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr,
          flush=True)


def scale_size(name: str) -> tuple[int, int, int]:
    if name in SCALES:
        return SCALES[name]
    certificates = int(name.removeprefix("custom-"))
    # The province's proportions.
    return (certificates, max(certificates * 33 // 100, 10), max(certificates * 26 // 100, 10))


# --- run in child processes (Django set up) ----------------------------------

def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
    import django

    django.setup()


def populate(n_certs: int, n_enterprises: int, n_holders: int, seed: int,
             today: dt.date) -> None:
    """Enterprises, 50 bodies, certificates and their events, dated up to `today`.

    Certificates are issued over the six years before `today` and last three
    years; those past their end are expired (with an expire event the day
    after), about 10 % of the rest were suspended, withdrawn or cancelled on a
    random day since issue. A certificate older than a year has a surveillance
    event. No event is back-dated (status_changed_on is the last event's day)."""
    from django.db import connection, transaction

    from qualitycert.registry.bulk import insert_rows
    from qualitycert.registry.models import (
        Certificate,
        CertificateEvent,
        CertificationBody,
        Enterprise,
        Scheme,
    )
    from qualitycert.testing.factories import make_uscc

    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(18), tzinfo=dt.UTC)
    schemes: dict[str, list[int]] = {}
    for pk, category in Scheme.objects.values_list("pk", "category"):
        schemes.setdefault(category, []).append(pk)
    categories = [c for c in CATEGORY_WEIGHTS if c in schemes]
    weights = [CATEGORY_WEIGHTS[c] for c in categories]

    log(f"inserting {n_enterprises:,} enterprises, {n_certs:,} certificates "
        f"({n_holders:,} holders) and events …")
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
    # Holders: a random subset of the enterprises, as in seed-demo.
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    holder_ids = rng.sample(enterprise_ids, min(n_holders, len(enterprise_ids)))
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
        # Every holder holds at least one certificate; the rest are spread at random.
        holder = holder_ids[i] if i < len(holder_ids) else rng.choice(holder_ids)
        certs.append((f"N{i:08d}", rng.choice(body_ids), holder,
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
        first_id = Certificate.objects.order_by("pk").values_list("pk", flat=True).first() or 0
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
            # Fold the WAL into the main file, so the cached copy is one file.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"  {len(events):,} events; inserted in {time.perf_counter() - started:.0f} s")


def generate(scale: str) -> None:
    setup_django()
    from django.core.management import call_command

    log(f"[{scale}] migrating a fresh database")
    call_command("migrate", verbosity=0)
    populate(*scale_size(scale), SEED, REFERENCE_DAY)


def plain_count(day: dt.date) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT c.holder_id) FROM registry_certificate c "
            "JOIN registry_scheme s ON s.id = c.scheme_id "
            "WHERE s.category = %s AND c.status = 'valid' "
            "AND c.issued_on <= %s AND c.expires_on >= %s", ["management_system", day, day])
        return cursor.fetchone()[0]


def measure_child(kind: str, repeat: int) -> None:
    """One measurement in this (fresh) process; prints JSON on stdout."""
    setup_django()
    from django.db import connection

    from qualitycert.plan import snapshots
    from qualitycert.plan.targets import compute_targets, default_plan, target_trend
    from qualitycert.registry.models import Certificate, CertificateEvent, Enterprise

    today = REFERENCE_DAY
    year_ago = today - dt.timedelta(days=365)
    if kind == "check":
        values = {v.code: v for v in compute_targets(today)}
        ms = values["management_system_enterprises"].value
        db: Any = connection  # vendor-specific attributes below
        engine = (f"SQLite {'.'.join(map(str, db.Database.sqlite_version_info))}"
                  if db.vendor == "sqlite"
                  else f"PostgreSQL {db.pg_version // 10000}.{db.pg_version % 10000}")
        print(json.dumps({
            "value": None if ms is None else int(ms), "plain": plain_count(today),
            "engine": engine, "certificates": Certificate.objects.count(),
            "events": CertificateEvent.objects.count(), "enterprises": Enterprise.objects.count(),
            "holders": Certificate.objects.values("holder_id").distinct().count()}))
        return
    plan = default_plan()
    if plan is None:
        raise SystemExit("no plan in the database: seed it first")
    run = {
        "baseline": lambda: plain_count(today),
        "now": lambda: compute_targets(today),
        "past": lambda: compute_targets(year_ago),
        "trend": lambda: target_trend(today, 8),
        "stored": lambda: snapshots.trend(plan, today, 8),
    }[kind]
    # Warm-up, untimed: imports, the plan's rows, the OS page cache. The baseline
    # warms with its own query, so its peak RSS is the floor: Python, Django
    # and one query. The stored trend's warm-up (re)computes and stores the 8
    # past quarter ends, as the nightly `snapshot-targets` does.
    {"baseline": run, "stored": lambda: snapshots.refresh(plan, today, 8)}.get(
        kind, lambda: compute_targets(today))()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    print(json.dumps({"times": times}))


# --- the launching parent (never imports Django) -----------------------------

def child_env(database_url: str) -> dict[str, str]:
    var = CACHE / "var"
    var.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "DATABASE_URL": database_url, "QC_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict, int]:  # type: ignore[type-arg]
    """Run this script with `args` in a fresh interpreter; its JSON output and
    its peak RSS in bytes (ru_maxrss of that process, from os.wait4)."""
    proc = subprocess.Popen([sys.executable, __file__, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}")
    lines = out.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {}), usage.ru_maxrss * 1024  # ru_maxrss: KiB


def generator_key(scale: str) -> str:
    """Changes when the generated data would: the generator's code, its
    parameters, the seed and the reference day."""
    digest = hashlib.sha256()
    for part in (inspect.getsource(populate), repr(scale_size(scale)), str(SEED),
                 REFERENCE_DAY.isoformat(), repr(CATEGORY_WEIGHTS)):
        digest.update(part.encode())
    return digest.hexdigest()[:12]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def cached_sqlite(scale: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"plan-{scale}-{generator_key(scale)}.sqlite3"
    if path.exists():
        log(f"[{scale}] using cached {path}; applying any new migrations")
        manage("migrate", "--noinput", "-v0", env=child_env(f"sqlite:///{path}"))
        return path
    tmp = path.with_suffix(".partial")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    log(f"[{scale}] generating (once; cached as {path.name})")
    run_child(["--generate", scale], child_env(f"sqlite:///{tmp}"))
    shutil.move(tmp, path)
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    log(f"[{scale}] generated in {time.perf_counter() - started:.0f} s")
    return path


def recreate_pg_database(url: str, drop_only: bool = False) -> None:
    base, name = url.rsplit("/", 1)
    sql = f'DROP DATABASE IF EXISTS "{name}"' + ("" if drop_only else f'; CREATE DATABASE "{name}"')
    code = ("import sys, psycopg\n"
            "with psycopg.connect(sys.argv[1], autocommit=True) as c:\n"
            "    [c.execute(s) for s in sys.argv[2].split('; ')]")
    subprocess.run([sys.executable, "-c", code, f"{base}/postgres", sql], check=True)


def measure_scale(scale: str, url: str, repeat: int) -> list[str]:
    env = child_env(url)
    log(f"[{scale}] checking compute_targets(today) against the plain count")
    check, _ = run_child(["--child", "check"], env)
    if check["value"] != check["plain"]:
        raise SystemExit(f"WRONG at {scale} scale: compute_targets gives {check['value']}, "
                         f"the plain count {check['plain']}")
    rows = {}
    for kind in KINDS:
        runs = max(1, repeat // 2) if kind == "trend" else repeat
        log(f"[{scale}] timing {kind} ({runs} runs after a warm-up)")
        result, peak = run_child(["--child", kind, "--repeat", str(runs)], env)
        rows[kind] = (statistics.median(result["times"]), peak, runs)
    base = rows["baseline"][0]
    lines = [
        f"### {scale} scale, {check['engine']}", "",
        f"{check['certificates']:,} certificates, {check['events']:,} events, "
        f"{check['enterprises']:,} enterprises of which {check['holders']:,} hold "
        f"certificates. Checked: management-system enterprises today = {check['value']:,}, "
        f"equal to the plain count.", "",
        "| measurement | median ms | × baseline | peak RSS MiB | runs |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        secs, peak, runs = rows[kind]
        lines.append(f"| {LABELS[kind]} | {secs * 1000:,.1f} | {secs / base:.1f} | "
                     f"{peak / 2**20:.0f} | {runs} |")
    lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="district,province",
                        help="comma-separated: district, province (default both)")
    parser.add_argument("--certificates", type=int,
                        help="instead of --scales, one custom size in the province's proportions")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="scratch PostgreSQL URL (created and dropped per scale)")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("check", *KINDS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate)
        return 0
    if args.child:
        measure_child(args.child, args.repeat)
        return 0
    if args.repeat < 1 or (args.certificates is not None and args.certificates < 1):
        parser.error("--repeat and --certificates must be at least 1")
    scales = ([f"custom-{args.certificates}"] if args.certificates
              else [s for s in args.scales.split(",") if s])
    if unknown := [s for s in scales if s not in SCALES and not s.startswith("custom-")]:
        parser.error(f"unknown scale(s) {unknown}")

    load_before = os.getloadavg()[0]
    lines = ["## plan targets (compute_targets)", "",
             f"Generated registries dated up to {REFERENCE_DAY} (\"today\" below), every "
             f"certificate with its issue, surveillance and status events; medians of "
             f"{args.repeat} run(s) ({max(1, args.repeat // 2)} for the trend) after one "
             f"untimed warm-up. `compute_targets` answers all six targets of the plan; the baseline is "
             f"one plain `COUNT(DISTINCT holder)` over valid management-system certificates by "
             f"current status — the cheapest query that answers the main target for today "
             f"only, without history.", ""]
    for scale in scales:
        if args.postgres:
            recreate_pg_database(args.postgres)
            try:
                log(f"[{scale}] generating into the scratch PostgreSQL database")
                run_child(["--generate", scale], child_env(args.postgres))
                lines += measure_scale(scale, args.postgres, args.repeat)
            finally:
                recreate_pg_database(args.postgres, drop_only=True)
        else:
            db = cached_sqlite(scale)
            lines += measure_scale(scale, f"sqlite:///{db}", args.repeat)
    load_after = os.getloadavg()[0]
    lines.append(
        "Each row ran in its own fresh Python process against the database generated "
        "beforehand (generation is not measured); peak RSS is that process's ru_maxrss "
        "(os.wait4): Python and Django set up, the warm-up and the timed runs. The baseline's "
        "peak is the floor (interpreter, Django, one query), so a row's excess over it is the "
        f"computation's own. Load average (1 min) {load_before:.1f} before and "
        f"{load_after:.1f} after, on {os.cpu_count()} cores."
        + ("" if args.postgres else
           " Generated SQLite databases are cached under /tmp/qualitycert-bench/."))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
