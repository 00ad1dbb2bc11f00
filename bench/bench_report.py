"""Benchmark the annual analysis report at district and province scale.

Run from the repository root:

    .venv/bin/python bench/bench_report.py [--scales district,province] [--repeat N]
        [--formats pdf,xlsx,html] [--postgres postgres://…/dbname]

For each scale a SQLite database file is seeded once and cached under
/tmp/qualitycert-bench/ (keyed by the migrations and this script's generator
version, so a schema change reseeds). Seeding uses `qualitycert seed-demo
--scale …` when that command exists, else the small generator below, which
writes rows straight through qualitycert.registry.bulk.

Each report runs as `manage.py report annual …` in its own subprocess; its wall
time and its peak resident memory (ru_maxrss of that child, from os.wait4) are
measured. Baselines measured in the same run: Django start-up alone
(`manage.py check`), and one count of the certificates valid at the year's
end (the report's core query). Prints one Markdown section; progress on stderr.
Target (issue 5 item 7): province scale ≤ 60 s and ≤ 1 GB peak per report.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/qualitycert-bench")
GENERATOR_VERSION = "report-gen-3"
REPORT_YEAR = 2025
# seed-demo's reference date: fixed, so the cached database and the figures do
# not depend on the day the benchmark runs.
SEED_TODAY = "2026-06-30"
# Certificates, enterprises, bodies, labs per scale (own generator only).
SCALES = {
    "district": (8_000, 30_000, 60, 300),
    "province": (1_000_000, 350_000, 400, 5_000),
}
TARGET_SECONDS, TARGET_BYTES = 60.0, 1024**3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def manage(*args: str, env: dict[str, str], check: bool = True,
           capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                          check=check, text=True,
                          stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                          stderr=subprocess.PIPE if capture else None)


Run = tuple[float, float, int]  # wall seconds, CPU seconds (user + sys), peak RSS bytes


def timed(cmd: list[str], env: dict[str, str]) -> Run:
    """Wall time, CPU time and peak RSS of one child process. CPU time is
    reported beside wall time because a shared machine's load stretches the
    wall clock but not the work done."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024  # ru_maxrss is in KiB


def schema_key() -> str:
    """Changes when the data generators do (seed-demo's code or ours). Schema
    changes do not need a reseed: `migrate` brings a cached database up to date."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in sorted(ROOT.glob("qualitycert/registry/demo/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def has_seed_demo(env: dict[str, str]) -> bool:
    return manage("help", "seed_demo", env=env, check=False, capture=True).returncode == 0


def seeded_sqlite(scale: str, use_seed_demo: bool) -> tuple[Path, str]:
    CACHE.mkdir(parents=True, exist_ok=True)
    source = "seed-demo" if use_seed_demo else "generator"
    path = CACHE / f"report-{scale}-{source}-{schema_key()}.sqlite3"
    if path.exists():
        log(f"[{scale}] using cached {path}; applying any new migrations")
        manage("migrate", "--noinput", "-v0", env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"})
        return path, source
    tmp = path.with_suffix(".partial")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}"}
    seed(scale, env, use_seed_demo)
    # A checkpoint folds the WAL into the main file, so the cached copy is one file.
    manage("shell", "-c", "from django.db import connection; "
           "connection.cursor().execute('PRAGMA wal_checkpoint(TRUNCATE)')", env=env)
    shutil.move(tmp, path)
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    return path, source


def seed(scale: str, env: dict[str, str], use_seed_demo: bool) -> None:
    log(f"[{scale}] migrating a fresh database")
    manage("migrate", "--noinput", "-v0", env=env)
    started = time.perf_counter()
    if use_seed_demo:
        log(f"[{scale}] seeding with `seed-demo --scale {scale}` (once; cached)")
        manage("seed_demo", "--scale", scale, "--today", SEED_TODAY, env=env)
    else:
        log(f"[{scale}] seeding with the bench generator (once; cached)")
        subprocess.run([sys.executable, __file__, "--generate", scale], cwd=ROOT, env=env,
                       check=True)
    log(f"[{scale}] seeded in {time.perf_counter() - started:.0f} s")


# --- the generator (runs in its own process with Django set up) -------------

def add_years(day, years):  # type: ignore[no-untyped-def]
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def count_valid(year: int) -> None:
    """The report's core query alone, in its own process (`--count-valid`):
    Django set up, then the certificates valid on 31 December counted."""
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
    import django

    django.setup()
    from qualitycert.registry.queries import certificates_valid_on

    print(certificates_valid_on(dt.date(year, 12, 31)).count())


def generate(scale: str) -> None:
    import datetime as dt
    import random

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from qualitycert.registry.bulk import insert_rows
    from qualitycert.registry.models import (
        BodySchemeApproval,
        Certificate,
        CertificateEvent,
        CertificationBody,
        Enterprise,
        Lab,
        Scheme,
    )
    from qualitycert.testing.factories import make_uscc

    n_certs, n_ents, n_bodies, n_labs = SCALES[scale]
    rng = random.Random(20190718)
    horizon = dt.date(2026, 6, 30)
    now = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    schemes = list(Scheme.objects.values_list("pk", "category", "validity_years"))
    weights = [{"management_system": 10, "product": 4, "service": 1, "food_agri": 1}[c]
               for _, c, _ in schemes]
    letters = "ABCDEFGHIJKLMNOPQRST"
    letter_weights = [2, 1, 40, 2, 8, 15, 5, 3, 6, 1, 2, 5, 4, 1, 1, 1, 1, 1, 0.5, 0.1]

    with transaction.atomic():
        insert_rows(CertificationBody, [
            "id", "approval_number", "name", "name_en", "uscc", "accreditation", "approved_on",
            "approval_valid_until", "status", "last_reported_on"], (
            (i, f"CNCA-R-{2002 + i % 20}-{i:03d}" if i < 1000 else f"CNCA-R-{2030 + i // 1000}-{i % 1000 or 1:03d}",
             f"第{i}认证有限公司", "", "", "", dt.date(2005, 1, 1),
             dt.date(2030, 1, 1) if i % 23 else dt.date(2024, 6, 30),
             "approved" if i % 17 else rng.choice(["suspended", "revoked"]),
             None if i % 11 == 0 else horizon - dt.timedelta(days=rng.randrange(0, 800)))
            for i in range(1, n_bodies + 1)))
        insert_rows(BodySchemeApproval, ["body_id", "scheme_id", "valid_from", "valid_until"], (
            (b, s, dt.date(2005, 1, 1), None)
            for b in range(1, n_bodies + 1) for s, _, _ in schemes if (b + s) % 5))
        insert_rows(Lab, ["id", "cma_number", "name", "uscc", "fields", "valid_from", "valid_until",
                          "status", "address"], (
            (i, f"{15 + i % 10:02d}12{i % 90 + 10:02d}{i % 80 + 10:02d}{i:04d}",
             f"第{i}检测有限公司", "", "[]", dt.date(2015 + i % 10, 1, 1),
             dt.date(2021 + i % 10, 12, 31), "valid" if i % 13 else "suspended", "")
            for i in range(1, n_labs + 1)))
        insert_rows(Enterprise, [
            "id", "uscc", "name", "name_key", "former_names", "address", "division_code",
            "industry_code", "legal_status", "size", "is_tech_leader", "has_own_brand",
            "is_equipment_manufacturer", "created_at", "updated_at"], (
            (i, make_uscc(10_000_000 + i), f"滨海企业{i}有限公司", f"滨海企业{i}有限公司", "[]", "",
             "120116", rng.choices(letters, letter_weights)[0] + f"{rng.randrange(1000, 9999)}",
             "active" if i % 97 else "revoked", "", False, False, i % 7 == 0, now, now)
            for i in range(1, n_ents + 1)))

        def lifecycles(seed: int):
            """(certificate row, its events); run twice with the same seed, so
            certificates and events are written in two plain streams."""
            rng = random.Random(seed)
            for i in range(1, n_certs + 1):
                scheme_id, _, years = rng.choices(schemes, weights)[0]
                body = rng.randrange(1, n_bodies + 1)
                issued = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 3650))
                expires = add_years(issued, years) - dt.timedelta(days=1)
                status, changed = "valid", issued
                history = [("issue", issued, "", "valid", "{}")]
                roll = rng.random()
                end = min(expires, horizon)
                if roll < 0.11 and issued + dt.timedelta(days=61) < end:
                    on = issued + dt.timedelta(days=rng.randrange(60, (end - issued).days))
                    kind, status = (("suspend", "suspended") if roll < 0.06 else
                                    ("withdraw", "withdrawn") if roll < 0.09 else
                                    ("cancel", "cancelled"))
                    history.append((kind, on, "valid", status, "{}"))
                    changed = on
                    back = on + dt.timedelta(days=rng.randrange(20, 200))
                    if kind == "suspend" and roll < 0.04 and back < end:
                        history.append(("restore", back, "suspended", "valid", "{}"))
                        status, changed = "valid", back
                if status in ("valid", "suspended") and expires < horizon:
                    if status == "valid" and rng.random() < 0.3:
                        renew_on = expires - dt.timedelta(days=10)
                        expires = add_years(renew_on, years) - dt.timedelta(days=1)
                        history.append(("renew", renew_on, "valid", "valid",
                                        f'{{"issued_on": "{renew_on}", "expires_on": "{expires}"}}'))
                        issued, changed = renew_on, renew_on
                    else:
                        on = expires + dt.timedelta(days=1)
                        history.append(("expire", on, status, "expired", "{}"))
                        status, changed = "expired", on
                row = (i, f"{body:04d}{issued.year}Q{i:08d}", body, rng.randrange(1, n_ents + 1),
                       scheme_id, "", "[]", issued, expires, status, changed, "", None, "system",
                       None, now)
                yield row, [(i, kind, on, now, None, "system", "", before, after, details)
                            for kind, on, before, after, details in history]

        insert_rows(Certificate, [
            "id", "number", "body_id", "holder_id", "scheme_id", "scope", "sites", "issued_on",
            "expires_on", "status", "status_changed_on", "status_reason", "status_signed_by_id",
            "status_signer_name", "last_surveillance_on", "updated_at"],
            (row for row, _ in lifecycles(7)))
        insert_rows(CertificateEvent, [
            "certificate_id", "kind", "occurred_on", "recorded_at", "signed_by_id",
            "signer_name", "reason", "from_status", "to_status", "details"],
            (event for _, events in lifecycles(7) for event in events))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (CertificationBody, Lab, Enterprise, Certificate):
                    table = model._meta.db_table
                    reset = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608 - our own table names
                    cursor.execute(reset)
    if connection.vendor == "sqlite":
        connection.cursor().execute("ANALYZE")
    log(f"generated {n_certs} certificates, {n_ents} enterprises, {n_bodies} bodies, {n_labs} labs")


# --- the measurements --------------------------------------------------------

def measure(scale: str, env: dict[str, str], formats: list[str], repeat: int,
            workdir: Path) -> dict[str, object]:
    py, mg = sys.executable, str(ROOT / "manage.py")
    manage("report", "annual", "--year", str(REPORT_YEAR), "--format", "xlsx", "--out",
           str(workdir / "warm.xlsx"), env=env)  # warm the OS page cache once, untimed
    results: dict[str, object] = {}
    startup = [timed([py, mg, "check"], env) for _ in range(repeat)]
    core = [timed([py, str(Path(__file__).resolve()), "--count-valid", str(REPORT_YEAR)], env)
            for _ in range(repeat)]
    results["startup"] = startup
    results["core"] = core
    for fmt in formats:
        runs = []
        for n in range(repeat):
            out = workdir / f"{scale}-{n}.{fmt}"
            log(f"[{scale}] report {fmt} run {n + 1}/{repeat}")
            runs.append(timed([py, mg, "report", "annual", "--year", str(REPORT_YEAR),
                               "--format", fmt, "--out", str(out)], env))
            results[f"size_{fmt}"] = out.stat().st_size
        results[fmt] = runs
    return results


def count_certificates(env: dict[str, str]) -> str:
    done = manage("shell", "-c", "from qualitycert.registry.models import Certificate as C, "
                  "CertificateEvent as E; print(C.objects.count(), E.objects.count())",
                  env=env, capture=True)
    certs, events = done.stdout.split()[-2:]
    return f"{int(certs):,} certificates, {int(events):,} events"


def fmt_row(label: str, runs: list[Run], baseline: float) -> str:
    secs = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    peak = max(r[2] for r in runs)
    return (f"| {label} | {secs:.2f} | {cpu:.2f} | {secs / baseline:.1f}× | "
            f"{peak / 2**20:.0f} | {len(runs)} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="district,province")
    parser.add_argument("--formats", default="pdf,xlsx,html")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="also measure on this (scratch!) PostgreSQL database")
    parser.add_argument("--postgres-only", action="store_true",
                        help="with --postgres: skip the SQLite measurements")
    parser.add_argument("--seed-only", action="store_true",
                        help="only make sure the seeded databases exist")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--count-valid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count_valid:
        count_valid(args.count_valid)
        return 0
    if args.generate:
        generate(args.generate)
        return 0
    formats = [f for f in args.formats.split(",") if f]
    scales = [s for s in args.scales.split(",") if s]
    if unknown := set(scales) - set(SCALES):
        parser.error(f"unknown scale(s) {sorted(unknown)}")
    probe_env = {**os.environ, "DATABASE_URL": f"sqlite:///{CACHE / 'probe.sqlite3'}"}
    CACHE.mkdir(parents=True, exist_ok=True)
    use_seed_demo = has_seed_demo(probe_env)
    load_before = os.getloadavg()[0]
    lines = [f"## Annual analysis report (year {REPORT_YEAR})", ""]
    workdir = CACHE / "out"
    workdir.mkdir(exist_ok=True)
    targets_met, measured_province = True, False
    for scale in scales:
        db, source = seeded_sqlite(scale, use_seed_demo)
        if args.seed_only:
            continue
        databases = [] if args.postgres_only else [
            ("SQLite", {**os.environ, "DATABASE_URL": f"sqlite:///{db}"})]
        if args.postgres:
            databases.append(("PostgreSQL", postgres_env(args.postgres, scale, use_seed_demo)))
        for engine, env in databases:
            log(f"[{scale}/{engine}] measuring")
            size = count_certificates(env)
            res = measure(scale, env, formats, args.repeat, workdir)
            base = statistics.median(r[0] for r in res["startup"])  # type: ignore[attr-defined]
            lines += [f"### {scale} scale, {engine} ({size}; data from {source})", "",
                      "| run | median wall s | median CPU s | wall × Django start-up | "
                      "peak RSS MiB | runs |",
                      "|---|---:|---:|---:|---:|---:|",
                      fmt_row("Django start-up (`manage.py check`), baseline",
                              res["startup"], base),  # type: ignore[arg-type]
                      fmt_row("count of valid certificates on Dec 31 (core query)",
                              res["core"], base)]  # type: ignore[arg-type]
            for fmt in formats:
                runs = res[fmt]
                size_kib = float(str(res[f"size_{fmt}"])) / 1024
                lines.append(fmt_row(f"report `--format {fmt}` ({size_kib:.0f} KiB)",
                                     runs, base))  # type: ignore[arg-type]
                if scale == "province":
                    measured_province = True
                    secs = statistics.median(r[0] for r in runs)  # type: ignore[attr-defined]
                    peak = max(r[2] for r in runs)  # type: ignore[attr-defined]
                    targets_met &= secs <= TARGET_SECONDS and peak <= TARGET_BYTES
            lines.append("")
    if args.seed_only:
        print("seeded databases ready", file=sys.stderr)
        return 0
    if measured_province:
        lines.append(f"Province target (≤ {TARGET_SECONDS:.0f} s and ≤ 1 GiB peak per report): "
                     f"{'met' if targets_met else 'NOT met'}.")
    load_after = os.getloadavg()[0]
    lines.append(f"Peak RSS is ru_maxrss of the report's own process (os.wait4); CPU is its "
                 f"user + system time. Load average (1 min) {load_before:.1f} before and "
                 f"{load_after:.1f} after the runs on {os.cpu_count()} cores: with other work on "
                 "the machine wall time stretches, CPU time much less. Seeded databases are "
                 "cached under /tmp/qualitycert-bench/.")
    print("\n".join(lines))
    return 0


def postgres_env(url: str, scale: str, use_seed_demo: bool) -> dict[str, str]:
    """Seed the given scratch PostgreSQL database once per scale (a marker table
    remembers which scale and schema it holds)."""
    env = {**os.environ, "DATABASE_URL": url}
    marker = f"{scale}-{'seed-demo' if use_seed_demo else 'generator'}-{schema_key()}"
    probe = manage("shell", "-c", "from django.db import connection as c\n"
                   "cur = c.cursor()\n"
                   "cur.execute('CREATE TABLE IF NOT EXISTS bench_marker (v text)')\n"
                   "cur.execute('SELECT v FROM bench_marker')\n"
                   "print([r[0] for r in cur.fetchall()])", env=env, capture=True)
    if marker in probe.stdout:
        log(f"[{scale}/PostgreSQL] using the already seeded database; applying any new migrations")
        manage("migrate", "--noinput", "-v0", env=env)
        return env
    manage("flush", "--noinput", env=env, check=False)
    manage("shell", "-c", "from django.db import connection as c\n"
           "c.cursor().execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')", env=env)
    seed(scale, env, use_seed_demo)
    manage("shell", "-c", "from django.db import connection as c\ncur = c.cursor()\n"  # noqa: S608
           "cur.execute('ANALYZE')\n"
           "cur.execute('CREATE TABLE IF NOT EXISTS bench_marker (v text)')\n"
           f"cur.execute(\"INSERT INTO bench_marker VALUES ('{marker}')\")", env=env)
    return env


if __name__ == "__main__":
    raise SystemExit(main())
