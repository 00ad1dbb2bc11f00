"""Benchmark the public certificate lookup at 1 M certificates, served as
`make run` serves it (gunicorn sync workers), on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_lookup.py [--duration 15] [--repeat 3]
        [--connections 32] [--workers 4] [--worker-class sync] [--threads 1]
        [--backends sqlite,postgres] [--numbers 20000] [--batch-runs 7]

For each database, in the same run and with the same gunicorn settings:

- `bare`: bench/bare_lookup_app.py, the same indexed lookup with nothing
  around it (the baseline of the ratio);
- `django`: `qualitycert.wsgi:application`, the full site (every middleware,
  the whole URLconf) answering the lookup with its plain Django view;
- `public`: `qualitycert.wsgi_public:application`, the public entry point
  (settings_public: the same view behind the middleware it needs and a URLconf
  of the public endpoints only), as the separate gunicorn group of decision
  0006 serves it.

Each is driven by wrk (32 connections, loopback) over a rotating list of real,
unambiguous certificate numbers; repeats are interleaved (bare, django,
public, bare, …) so that a change in the machine's load hits all three alike,
and the table gives medians over repeats. Then the 1,000-item
`POST /api/v1/verify`, timed end to end with urllib (median of --batch-runs,
after one warm-up). The anonymous rate limit is raised out of reach
(QC_RATE_ANON_PER_MINUTE=10^9) so the limiter still runs on every request but
never answers 429.

Data is seeded once and reused: SQLite at /tmp/qc-hotpath-bench/province.sqlite3
and PostgreSQL database `qc_bench` on 127.0.0.1:5432 (user postgres, trust
auth); `qualitycert seed-demo --scale province` takes ~30 min each on a busy
2-core machine. The lookup's answer cache is on, as deployed (per worker without
Redis); over 20,000 numbers in rotation it hardly ever hits within a run, so
the figures are those of the query path. Before measuring, each database is migrated and
`qualitycert sign-links` is run, as cron does after imports (about a minute
the first time, ~12 s when every link is already signed). `--drop-postgres` drops `qc_bench` at the end. wrk is
installed with apt-get when missing and running as root.

Servers bind to 127.0.0.1 only and are stopped on exit, error or Ctrl-C.
Prints one Markdown section on stdout; progress on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CACHE = Path("/tmp/qc-hotpath-bench")  # the name predates decision 0006; kept to reuse seeded data
SCALE, SEED, TODAY = "province", "2019", "2026-11-26"
MIN_CERTIFICATES = 900_000  # seed-demo --scale province makes ~988,000
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "qc_bench"
LOOKUP = "/api/v1/certificates/"
UNLIMITED = "1000000000"
HOLDERS_OF = ("SELECT c.number, h.uscc FROM registry_certificate c "
              "JOIN registry_enterprise h ON h.id = c.holder_id WHERE c.id IN")

WRK_SCRIPT = r"""
local numbers, counter = {}, 0
local threads_started = 0
function setup(thread)
  thread:set("thread_index", threads_started)
  threads_started = threads_started + 1
end
function init(args)
  for line in io.lines(args[1]) do numbers[#numbers + 1] = line end
  -- each wrk thread starts at its own place in the list
  counter = (thread_index * 7919) % #numbers
end
function request()
  counter = counter % #numbers + 1
  return wrk.format("GET", "/api/v1/certificates/" .. numbers[counter])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def log(message: str) -> None:
    print(f"[bench_lookup {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- tools and data ------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (apt-get install -y wrk)")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, timeout=600,
                       stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is needed: sudo apt-get install -y wrk (Debian package wrk)")
    return found


def manage(database_url: str, *args: str, timeout: float) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "QC_VAR_DIR": str(CACHE / "var")}
    done = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                          check=True, timeout=timeout, stdout=subprocess.PIPE, text=True)
    print(done.stdout, end="", file=sys.stderr)
    return done.stdout


def prepare(database_url: str) -> str:
    """What a deployment does before serving: apply migrations (the cached
    database may predate some), then `sign-links`, which cron runs after
    imports and nightly. Returns what sign-links reported."""
    manage(database_url, "migrate", "--noinput", "-v0", timeout=1800)
    log(f"sign-links on {database_url}")
    return manage(database_url, "sign_links", timeout=3600).strip()


def seed(database_url: str) -> None:
    log(f"seeding {SCALE} into {database_url} (this takes a while)")
    manage(database_url, "migrate", "--noinput", "-v0", timeout=1800)
    manage(database_url, "seed_demo", "--scale", SCALE, "--seed", SEED, "--today", TODAY,
           timeout=4 * 3600)


def sqlite_database() -> str:
    """seed-demo writes in one transaction, so a database holding a million
    certificates is a finished seed, and one holding none is not."""
    path = CACHE / f"{SCALE}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():
        with contextlib.closing(sqlite3.connect(path)) as conn:
            with contextlib.suppress(sqlite3.Error):
                count = conn.execute("SELECT count(*) FROM registry_certificate").fetchone()[0]
                if count >= MIN_CERTIFICATES:
                    return url
        log(f"{path} is incomplete; seeding it again")
        for leftover in CACHE.glob(f"{SCALE}.sqlite3*"):
            leftover.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    seed(url)
    return url


def postgres_database() -> str:
    import psycopg

    url = f"{PG_SERVER}/{PG_DB}"
    count = 0
    with contextlib.suppress(psycopg.Error), psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute("SELECT count(*) FROM registry_certificate").fetchone()
        count = row[0] if row else 0
    if count < MIN_CERTIFICATES:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        seed(url)
    # Planner statistics, as autovacuum would have gathered them after the bulk
    # load on a production server (it is off on some test servers, and without
    # statistics PostgreSQL walks every body to find one number).
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return url


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def connect(database_url: str):  # type: ignore[no-untyped-def]
    if database_url.startswith("sqlite"):
        return sqlite3.connect(urllib.parse.urlsplit(database_url).path[1:]), "?"
    import psycopg

    return psycopg.connect(database_url), "%s"


@dataclass
class Sample:
    numbers: list[str]          # unambiguous: exactly one body issued each
    holders: dict[str, str]     # number → holder USCC
    count: int                  # certificates in the database


def sample_certificates(database_url: str, size: int) -> Sample:
    """Random certificates spread over the whole table (ids drawn at random,
    so the lookups touch pages all over the index, not one hot corner)."""
    conn, p = connect(database_url)
    with contextlib.closing(conn):
        count, top = conn.execute("SELECT count(*), max(id) FROM registry_certificate").fetchone()
        ids = random.Random(3797).sample(range(1, top + 1), min(top, size * 2))
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join([p] * len(chunk))
            sql = f"{HOLDERS_OF} ({marks})"
            found.update(conn.execute(sql, chunk).fetchall())
        numbers = sorted(found)
        shared: set[str] = set()
        for start in range(0, len(numbers), 500):
            some = numbers[start:start + 500]
            marks = ",".join([p] * len(some))
            shared.update(n for (n,) in conn.execute(
                f"SELECT number FROM registry_certificate WHERE number IN ({marks}) "  # noqa: S608
                "GROUP BY number HAVING count(*) > 1", some).fetchall())
    unique = [n for n in numbers if n not in shared]
    random.Random(16).shuffle(unique)
    unique = unique[:size]
    return Sample(unique, {n: found[n] for n in unique}, count)


# --- servers and load ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class ServerSettings:
    workers: int
    worker_class: str
    threads: int


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers so far:
        what a request costs, whatever else the machine is doing."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                pid = int(stat.parent.name)
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if pid == self.pid or int(fields[1]) == self.pid:
                    ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def gunicorn(app: str, database_url: str, settings: ServerSettings, probe: str
             ) -> Iterator[Server]:
    port = free_port()
    # Each entry point names its own settings module (wsgi_public sets it).
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": database_url, "QC_VAR_DIR": str(CACHE / "var"),
                "QC_RATE_ANON_PER_MINUTE": UNLIMITED})
    # The same flags as the Makefile's `run` target, access log included.
    command = [str(BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}",
               "--workers", str(settings.workers), "--worker-class", settings.worker_class,
               "--threads", str(settings.threads), "--access-logfile", "-", "--timeout", "120",
               "--pythonpath", str(ROOT / "bench"),
               # Several gunicorns share the default control socket path.
               "--no-control-socket"]
    # stderr to a file, not a pipe: a pipe nobody reads during the load would
    # fill up with Django's log lines and stall the workers.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=errors, start_new_session=True)
        try:
            wait_until_serving(proc, port, probe, errors)
            yield Server(port, proc.pid)
        finally:
            stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_until_serving(proc: subprocess.Popen[bytes], port: int, probe: str,
                       errors: IO[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"gunicorn exited with {proc.returncode}: {tail}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=30) as r:
                if r.status == 200:
                    return
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 180 s")


def warm_up(port: int, numbers: list[str], count: int) -> None:
    """Every worker loads its code, opens its connection and (for Django)
    fetches the signing key before the clock starts."""
    for number in numbers[:count]:
        with contextlib.suppress(OSError), urllib.request.urlopen(
                f"http://127.0.0.1:{port}{LOOKUP}{urllib.parse.quote(number, safe='/')}",
                timeout=30) as r:
            r.read()


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # server CPU per request
    errors: int
    load: str


def run_wrk(wrk: str, server: Server, numbers_file: Path, script: Path, *, connections: int,
            duration: int, threads: int) -> LoadResult:
    before, cpu_before = loadavg(), server.cpu_seconds()
    result = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(script), f"http://127.0.0.1:{server.port}/", "--", str(numbers_file)],
        capture_output=True, text=True, check=True, timeout=duration + 120)
    cpu = server.cpu_seconds() - cpu_before
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("{"))
    data = json.loads(line)
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    requests = max(1, data["requests"])
    return LoadResult(requests / (data["duration_us"] / 1e6), data["p50"] / 1000,
                      data["p99"] / 1000, cpu * 1000 / requests, errors,
                      f"{before} → {loadavg()}")


def batch_latency(server: Server, sample: Sample, runs: int, warm_ups: int
                  ) -> tuple[list[float], float]:
    """A supplier list of 1,000: 900 real certificates with their holders,
    50 with another holder's USCC, 50 numbers that do not exist."""
    numbers = sample.numbers[:950]
    items = [{"certificate_number": n, "holder_uscc": sample.holders[n]} for n in numbers[:900]]
    others = list(sample.holders.values())
    items += [{"certificate_number": n, "holder_uscc": others[(i + 1) % len(others)]}
              for i, n in enumerate(numbers[900:950])]
    items += [{"certificate_number": f"NO-SUCH-{i:04d}"} for i in range(1000 - len(items))]
    body = json.dumps({"items": items}).encode()
    timings = []
    cpu_before = 0.0
    for run in range(warm_ups + runs):
        if run == warm_ups:
            cpu_before = server.cpu_seconds()
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/api/v1/verify",
                                         data=body,
                                         headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (http://127.0.0.1)
            results = json.loads(response.read())["results"]
        took = (time.perf_counter() - started) * 1000
        if len(results) != 1000:
            raise RuntimeError(f"batch verify answered {len(results)} results")
        if run >= warm_ups:  # one per worker loads the code and opens the connection
            timings.append(took)
    return timings, (server.cpu_seconds() - cpu_before) * 1000 / runs


# --- the run -------------------------------------------------------------------------

APPS = {
    "bare": "bare_lookup_app:application",
    "django": "qualitycert.wsgi:application",
    "public": "qualitycert.wsgi_public:application",
}
# The entry point the acceptance figures are for (decision 0006).
SERVED = "public"


@dataclass
class BackendResult:
    name: str
    certificates: int
    runs: dict[str, list[LoadResult]]
    batch_ms: list[float]
    batch_cpu_ms: float
    signed: str = ""
    breakdown: dict[str, float] | None = None

    def median(self, app: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in self.runs[app])

    def ratio(self, app: str, field: str = "rps") -> float:
        return self.median(app, field) / self.median("bare", field)


def measure_backend(name: str, database_url: str, args: argparse.Namespace, wrk: str,
                    workdir: Path) -> BackendResult:
    sample = sample_certificates(database_url, args.numbers)
    log(f"{name}: {sample.count:,} certificates; {len(sample.numbers):,} numbers to look up")
    numbers_file = workdir / f"{name}-numbers.txt"
    numbers_file.write_text("\n".join(urllib.parse.quote(n, safe="/") for n in sample.numbers)
                            + "\n")
    script = workdir / "rotate.lua"
    script.write_text(WRK_SCRIPT)
    settings = ServerSettings(args.workers, args.worker_class, args.threads)
    probe = LOOKUP + urllib.parse.quote(sample.numbers[0], safe="/")
    runs: dict[str, list[LoadResult]] = {app: [] for app in APPS}
    for repeat in range(args.repeat):
        for app, target in APPS.items():
            with gunicorn(target, database_url, settings, probe) as server:
                warm_up(server.port, sample.numbers, 4 * args.workers)
                result = run_wrk(wrk, server, numbers_file, script,
                                 connections=args.connections, duration=args.duration,
                                 threads=args.wrk_threads)
            log(f"{name} {app} #{repeat + 1}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} "
                f"ms, p99 {result.p99_ms:.1f} ms, {result.cpu_ms:.2f} CPU ms/req, errors "
                f"{result.errors}, load {result.load}")
            runs[app].append(result)
    # The batch check is served by the full site (it is not a public-group path).
    with gunicorn(APPS["django"], database_url, settings, probe) as server:
        batch, batch_cpu = batch_latency(server, sample, args.batch_runs, args.workers)
    log(f"{name} batch verify: median {statistics.median(batch):.0f} ms, "
        f"{batch_cpu:.0f} server CPU ms")
    breakdown = where_the_time_goes(database_url, numbers_file, args.breakdown_requests)
    return BackendResult(name, sample.count, runs, batch, batch_cpu, breakdown=breakdown)


def where_the_time_goes(database_url: str, numbers_file: Path, requests: int
                        ) -> dict[str, float] | None:
    """bench/lookup_breakdown.py on the same numbers: µs per request by layer."""
    if requests <= 0:
        return None
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": database_url, "QC_VAR_DIR": str(CACHE / "var")})
    log(f"breakdown on {database_url} ({requests:,} requests per stage)")
    done = subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "lookup_breakdown.py"), "--json",
         "--requests", str(requests), "--numbers-file", str(numbers_file)],
        cwd=ROOT, env=env, check=True, timeout=1800, stdout=subprocess.PIPE, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(results: list[BackendResult], args: argparse.Namespace, started_load: str) -> str:
    lines = [
        "## Public lookup (`GET /api/v1/certificates/{number}`, `POST /api/v1/verify`)",
        "",
        f"gunicorn `--workers {args.workers} --worker-class {args.worker_class} --threads "
        f"{args.threads}` (as `make run`, access log on), bound to 127.0.0.1; wrk "
        f"`-t{args.wrk_threads} -c{args.connections} -d{args.duration}s` over {args.numbers:,} "
        "random unambiguous certificate numbers per database, rotating. Medians over "
        f"{args.repeat} interleaved repeats. `bare` is bench/bare_lookup_app.py (the same "
        "indexed SELECT and json.dumps, nothing else); `django` is the full site, "
        "`qualitycert.wsgi:application` (every middleware, the whole URLconf); `public` is the "
        "public entry point `qualitycert.wsgi_public:application` (settings_public: the same "
        "plain Django view, three middleware, the public URLconf; decision 0006). "
        "The rate limiter runs but its limit is out of reach. Server CPU is user + system "
        "time of the gunicorn processes during the run divided by the requests served: "
        "unlike req/s it hardly depends on what else the machine is doing. Load average "
        f"(1/5/15 min) at the start: {started_load}; each run's is in stderr.",
        "",
        "| database | certificates | app | req/s | × bare | p50 ms | p99 ms | server CPU ms/req "
        "| bare ÷ app, by CPU | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for app in APPS:
            errors = sum(x.errors for x in r.runs[app])
            lines.append(
                f"| {r.name} | {r.certificates:,} | {app} | {r.median(app, 'rps'):,.0f} | "
                f"{r.ratio(app):.2f} | {r.median(app, 'p50_ms'):.1f} | "
                f"{r.median(app, 'p99_ms'):.1f} | {r.median(app, 'cpu_ms'):.2f} | "
                f"{1 / r.ratio(app, 'cpu_ms'):.2f} | {errors} |")
    lines += ["", "1,000-item `POST /api/v1/verify` (900 real, 50 holder mismatches, 50 unknown; "
              f"end to end over loopback, {args.batch_runs} runs after one warm-up per worker):", "",
              "| database | median ms | min ms | max ms | server CPU ms per batch |",
              "|---|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.name} | {statistics.median(r.batch_ms):.0f} | {min(r.batch_ms):.0f} "
                     f"| {max(r.batch_ms):.0f} | {r.batch_cpu_ms:.0f} |")
    lines += ["", "Before each database's runs, `qualitycert sign-links` (the cron job that signs "
              "verification links ahead of time) reported:", ""]
    lines += [f"- {r.name}: {r.signed}" for r in results]
    lines += ["", f"Acceptance (issues 3 and 10), for `{SERVED}`: lookup ≥ 0.5× bare, p99 ≤ 25 "
              "ms at 32 connections, batch ≤ 300 ms.", ""]
    for r in results:
        ratio, p99 = r.ratio(SERVED), r.median(SERVED, "p99_ms")
        batch = statistics.median(r.batch_ms)
        lines.append(
            f"- {r.name}: ratio {ratio:.2f} ({'met' if ratio >= 0.5 else 'NOT met'}), "
            f"p99 {p99:.1f} ms ({'met' if p99 <= 25 else 'NOT met'}), batch {batch:.0f} ms "
            f"({'met' if batch <= 300 else 'NOT met'})")
    with_breakdown = [r for r in results if r.breakdown]
    if with_breakdown:
        stages = list(with_breakdown[0].breakdown or {})
        lines += ["", "Where the time goes (bench/lookup_breakdown.py: the same numbers, one "
                  "request after another in one process, answer cache off except in the last "
                  "row; wall-clock µs per request, median of 5 passes; each stage includes the "
                  "ones above it, see the script's docstring):", "",
                  "| stage | " + " | ".join(f"{r.name} µs" for r in with_breakdown) + " |",
                  "|---|" + "---:|" * len(with_breakdown)]
        for stage in stages:
            lines.append(f"| {stage} | " + " | ".join(
                f"{(r.breakdown or {}).get(stage, float('nan')):,.0f}" for r in with_breakdown)
                + " |")
    lines.append(f"\nLoad average at the end: {loadavg()}.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--numbers", type=int, default=20_000)
    parser.add_argument("--batch-runs", type=int, default=7)
    parser.add_argument("--breakdown-requests", type=int, default=1000,
                        help="requests per stage of the in-process breakdown (0: skip it)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--drop-postgres", action="store_true",
                        help=f"drop the {PG_DB} database at the end")
    parser.add_argument("--sqlite-url", help="use this SQLite database instead of the cache")
    parser.add_argument("--postgres-url", help="use this PostgreSQL database instead")
    args = parser.parse_args()
    # SIGTERM from `make bench` or a CI timeout runs the finally blocks too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started_load = loadavg()
    wrk = ensure_wrk()
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="qc-bench-lookup-") as tmp:
            for backend in args.backends.split(","):
                given = getattr(args, f"{backend}_url")
                url = given or {"sqlite": sqlite_database, "postgres": postgres_database}[backend]()
                signed = prepare(url)
                result = measure_backend(backend, url, args, wrk, Path(tmp))
                result.signed = signed
                results.append(result)
    finally:
        if args.drop_postgres:
            drop_postgres()
    print(report(results, args, started_load))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
