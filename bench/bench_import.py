"""Benchmark `qualitycert import-certificates` on a generated registry file.

Run from the repository root:

    .venv/bin/python bench/bench_import.py [--rows N] [--repeat R] [--seed S]

Generates a deterministic certificate CSV (default 1,000,000 rows, ~1/4 as
many distinct holders, 5 bodies with scheme approvals, a few per cent
suspended or cancelled), then for each repeat:

- import: a fresh SQLite database (`migrate`, bodies via `import-bodies`),
  then `manage.py import_certificates FILE` as a subprocess; wall time and
  the peak RSS of that process (os.wait4 rusage);
- baseline: another fresh database prepared the same way, then the same
  enterprise, certificate and event rows (built in memory beforehand, not
  timed, in a worker process) written by raw `sqlite3` `executemany` in one
  transaction, with the application's PRAGMAs (WAL, synchronous=FULL) and the
  same indexes.

The launching process stays small (the CSV is streamed out, the baseline runs
in its own process): Linux counts a parent's resident memory in the child's
ru_maxrss, which would otherwise inflate the import's peak.

Prints one Markdown section with the medians and the ratio of rates
(import rate / baseline rate; target >= 0.3, peak RSS < 400 MB). Progress
goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualitycert.lib.normalize import name_search_key  # noqa: E402
from qualitycert.lib.uscc import complete  # noqa: E402

PYTHON = sys.executable
BODIES = [f"CNCA-R-20{i:02d}-{i:03d}" for i in range(2, 7)]
SCHEMES = ["ISO9001", "ISO14001", "ISO45001", "CCC", "GBT27922", "ORGANIC", "HACCP"]
# Each scheme's maximum validity (registry/data/schemes.json): the import refuses longer.
VALIDITY_YEARS = {"CCC": 5, "ORGANIC": 1}
REASONS = {"suspended": "监督审核不合格，暂停证书", "cancelled": "持证人申请注销"}
STATUS_MIX = [("valid", 95), ("suspended", 3), ("cancelled", 2)]
ARRIVAL = {"suspended": "suspend", "cancelled": "cancel"}
SINCE = dt.date(2026, 1, 5)  # status_changed_on written for non-valid rows
CSV_HEADER = ["certificate_number", "body_approval_number", "holder_uscc", "holder_name",
              "scheme_code", "scope", "issued_on", "expires_on", "status", "status_changed_on",
              "status_reason"]


def log(message: str) -> None:
    print(f"[bench_import {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def uscc_for(holder: int) -> str:
    return complete(f"91120116{holder % 10**8:08d}")


def generate(path: Path, rows: int, holders: int, seed: int) -> int:
    """Write the CSV, streamed; return the number of events an import must make.

    Nothing is kept: the process that launches the import must stay small,
    because Linux counts the parent's resident memory in a child's ru_maxrss
    (the high-water mark of the address space it had before exec)."""
    rng = random.Random(seed)
    statuses = [s for s, weight in STATUS_MIX for _ in range(weight)]
    start = dt.date(2022, 1, 1).toordinal()
    events = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for n in range(rows):
            holder = rng.randrange(holders) if n >= holders else n
            issued = dt.date.fromordinal(start + rng.randrange(1400))
            status = rng.choice(statuses)
            events += 1 if status == "valid" else 2
            scheme = SCHEMES[n % len(SCHEMES)]
            years = VALIDITY_YEARS.get(scheme, 3)
            writer.writerow((
                f"{n % 97:02d}Q{n:09d}R0M", BODIES[n % len(BODIES)], uscc_for(holder),
                f"天津滨海基准企业{holder}有限公司", scheme, "产品的设计、生产和服务",
                issued.isoformat(), (issued + dt.timedelta(days=years * 365 - 1)).isoformat(),
                status, SINCE.isoformat() if status != "valid" else "", REASONS.get(status, "")))
    return events


def write_bodies(path: Path) -> None:
    approvals = "; ".join(f"{code}:2000-01-01~" for code in SCHEMES)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["approval_number", "name", "approved_on", "schemes"])
        for i, number in enumerate(BODIES):
            writer.writerow([number, f"基准认证机构{i}", "2000-01-01", approvals])


# Imports are signed by a person (--signer); the benchmark's database has one.
SIGNER = "bench-clerk"


def manage(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "QC_MAX_UPLOAD_BYTES": str(2 << 30),
           "DJANGO_SUPERUSER_PASSWORD": "bench-only-password-1"}
    return subprocess.run([PYTHON, str(ROOT / "manage.py"), *args, "--skip-checks"], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=True)


def fresh_database(work: Path, name: str, bodies_csv: Path) -> Path:
    db = work / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    manage(db, "migrate", "--noinput", "-v0")
    manage(db, "createsuperuser", "--noinput", "--username", SIGNER,
           "--email", "bench@example.invalid")
    manage(db, "import_bodies", str(bodies_csv), "--signer", SIGNER)
    return db


def timed_import(db: Path, csv_path: Path) -> tuple[float, float, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "QC_MAX_UPLOAD_BYTES": str(2 << 30)}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), "import_certificates", str(csv_path),
             "--signer", SIGNER, "--skip-checks"], env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"import failed ({process.returncode}): {err.read()[-2000:]}")
        # ru_maxrss is in KiB on Linux.
        return seconds, usage.ru_maxrss / 1024, out.read().strip()


def baseline_rows(db: Path, csv_path: Path) -> tuple[list, list, list]:
    with open(csv_path, encoding="utf-8", newline="") as handle:
        data = list(csv.reader(handle))[1:]
    connection = sqlite3.connect(db)
    bodies = dict(connection.execute(
        "SELECT approval_number, id FROM registry_certificationbody"))
    schemes = dict(connection.execute("SELECT code, id FROM registry_scheme"))
    connection.close()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ")
    holder_ids: dict[str, int] = {}
    enterprises, certificates, events = [], [], []
    for cert_id, (number, body, uscc, name, scheme, scope, issued, expires, status,
                  since, reason) in enumerate(data, start=1):
        holder_id = holder_ids.get(uscc)
        if holder_id is None:
            holder_id = holder_ids[uscc] = len(holder_ids) + 1
            enterprises.append((uscc, name, name_search_key(name), "[]", "", uscc[2:8], "",
                                "active", "", False, False, False, now, now))
        certificates.append((number, bodies[body], holder_id, schemes[scheme], scope, "[]",
                             issued, expires, status, since or issued, reason, None, "system",
                             None, now))
        events.append((cert_id, "issue", issued, now, None, "system", "batch", "", "valid",
                       '{"import_batch": 1}'))
        if status != "valid":
            events.append((cert_id, ARRIVAL[status], since, now, None, "system", reason,
                           "valid", status, '{"import_batch": 1}'))
    return enterprises, certificates, events


def timed_baseline(db: Path, rows: tuple[list, list, list]) -> float:
    enterprises, certificates, events = rows
    connection = sqlite3.connect(db, isolation_level=None)
    # The application's connection settings (qualitycert/settings.py).
    connection.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                             "PRAGMA foreign_keys=ON;")
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO registry_enterprise (uscc, name, name_key, former_names, address, "
        "division_code, industry_code, legal_status, size, is_tech_leader, has_own_brand, "
        "is_equipment_manufacturer, created_at, updated_at) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", enterprises)
    connection.executemany(
        "INSERT INTO registry_certificate (number, body_id, holder_id, scheme_id, scope, sites, "
        "issued_on, expires_on, status, status_changed_on, status_reason, status_signed_by_id, "
        "status_signer_name, last_surveillance_on, updated_at) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", certificates)
    connection.executemany(
        "INSERT INTO registry_certificateevent (certificate_id, kind, occurred_on, recorded_at, "
        "signed_by_id, signer_name, reason, from_status, to_status, details) VALUES "
        "(?,?,?,?,?,?,?,?,?,?)", events)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def check_import(db: Path, rows: int, events: int, *, leaves: bool = True) -> None:
    connection = sqlite3.connect(db)
    certs = connection.execute("SELECT count(*) FROM registry_certificate").fetchone()[0]
    got = connection.execute("SELECT count(*) FROM registry_certificateevent").fetchone()[0]
    logged = connection.execute(
        "SELECT count(*) FROM audit_logleaf WHERE kind = 'certificate'").fetchone()[0]
    connection.close()
    if leaves and logged != rows:
        raise SystemExit(f"import wrote {logged} transparency-log leaves for {rows} rows")
    if (certs, got) != (rows, events):
        raise SystemExit(f"import wrote {certs} certificates and {got} events, "
                         f"expected {rows} and {events}")


def baseline_worker(db: Path, csv_path: Path) -> None:
    """Run in its own process (see generate): build the rows, time the inserts."""
    rows = baseline_rows(db, csv_path)
    print(f"{timed_baseline(db, rows):.6f}")


def timed_baseline_process(db: Path, csv_path: Path) -> float:
    done = subprocess.run([PYTHON, __file__, "--baseline-worker", str(db), str(csv_path)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--holders", type=int, default=None,
                        help="distinct holders (default rows / 4)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20190416)
    parser.add_argument("--baseline-worker", nargs=2, metavar=("DB", "CSV"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_worker:
        baseline_worker(Path(args.baseline_worker[0]), Path(args.baseline_worker[1]))
        return 0
    if args.rows < 10 or args.repeat < 1:
        parser.error("--rows must be at least 10 and --repeat at least 1")
    holders = args.holders or max(args.rows // 4, 1)
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="qc-bench-import-") as tmp:
        work = Path(tmp)
        csv_path, bodies_csv = work / "certificates.csv", work / "bodies.csv"
        log(f"generating {args.rows:,} rows, {holders:,} holders")
        expected_events = generate(csv_path, args.rows, holders, args.seed)
        write_bodies(bodies_csv)
        file_mb = csv_path.stat().st_size / 2**20

        empty_csv = work / "header-only.csv"
        empty_csv.write_text(",".join(CSV_HEADER) + "\n", encoding="utf-8")
        import_times, peaks, base_times, startups = [], [], [], []
        summary = ""
        for repeat in range(args.repeat):
            # Alternate so that drift in machine load hits both alike.
            db = fresh_database(work, "import", bodies_csv)
            # The fixed cost of starting Django and the command, on a file of no rows.
            startups.append(timed_import(db, empty_csv)[0])
            log(f"run {repeat + 1}: import")
            seconds, peak, summary = timed_import(db, csv_path)
            check_import(db, args.rows, expected_events)
            import_times.append(seconds)
            peaks.append(peak)
            log(f"run {repeat + 1}: import {seconds:.1f} s, peak RSS {peak:.0f} MiB")
            db.unlink()

            db = fresh_database(work, "baseline", bodies_csv)
            log(f"run {repeat + 1}: baseline")
            base = timed_baseline_process(db, csv_path)
            check_import(db, args.rows, expected_events, leaves=False)
            base_times.append(base)
            log(f"run {repeat + 1}: baseline {base:.1f} s")
            db.unlink()

    imp, base = statistics.median(import_times), statistics.median(base_times)
    startup = statistics.median(startups)
    imp_rate, base_rate = args.rows / imp, args.rows / base
    ratio = imp_rate / base_rate
    peak = max(peaks)
    load_after = os.getloadavg()
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"## Registry import (import-certificates, {args.rows:,} rows)\n")
    print(f"Generated CSV: {args.rows:,} certificate rows, {holders:,} distinct holders, "
          f"{len(BODIES)} bodies, {file_mb:.0f} MiB; {expected_events:,} events "
          f"(issue, plus suspend/cancel for non-valid rows). Fresh SQLite database per run "
          f"(WAL, synchronous=FULL). Median of {args.repeat} run(s). The import also writes "
          f"one transparency-log leaf per certificate (docs/transparency-log.md), checked "
          f"after each run; the baseline writes the registry rows only.\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| import wall time (whole `manage.py import_certificates` process) | {imp:.1f} s |")
    print(f"| import rate | {imp_rate:,.0f} rows/s |")
    print(f"| of which process start-up (same command, header-only file) | {startup:.1f} s |")
    print(f"| import peak RSS | {peak:.0f} MiB (target < 400: {verdict(peak < 400)}) |")
    print(f"| baseline: raw sqlite3 executemany of the same enterprise, certificate and "
          f"event rows | {base:.1f} s ({base_rate:,.0f} rows/s) |")
    print(f"| ratio import rate / baseline rate | {ratio:.2f} (target >= 0.3: "
          f"{verdict(ratio >= 0.3)}) |")
    print(f"| runs (import s / baseline s) | "
          f"{', '.join(f'{a:.1f}/{b:.1f}' for a, b in zip(import_times, base_times, strict=True))} |")
    print(f"\nImport summary line: `{summary}`\n")
    print(f"Machine: {platform.python_implementation()} {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, load average "
          f"{load_before[0]:.1f} before / {load_after[0]:.1f} after.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
