"""Benchmark `qualitycert seed-demo` into a fresh SQLite database.

Run from the repository root:

    .venv/bin/python bench/bench_seed_demo.py [--scale province] [--baseline district]
                                              [--repeat 1] [--seed 2019]

For each run: a new temporary SQLite file, `migrate`, then `seed-demo` in its
own subprocess, timed by wall clock, with that subprocess's peak resident set
size from wait4(). The baseline is a smaller scale measured in the same run:
the ratios say how time grows with the number of certificates, and whether
memory stays flat (the writer streams fixed-size batches, so the peak should
hardly move between 7,000 and 1,000,000 certificates). Prints one Markdown
section; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"  # fixed, so every run generates the same data


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    certificates: int
    events: int
    enterprises: int
    db_mib: float


def log(message: str) -> None:
    print(f"bench_seed_demo: {message}", file=sys.stderr, flush=True)


def run_once(scale: str, seed: int) -> Run:
    with tempfile.TemporaryDirectory(prefix="qc-bench-seed-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "QC_VAR_DIR": tmp}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*manage, "seed_demo", "--scale", scale, "--seed", str(seed), "--today", TODAY],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"seed-demo --scale {scale} failed with exit {proc.returncode}")
        with sqlite3.connect(db) as conn:
            def count(table: str) -> int:
                return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            certificates = count("registry_certificate")
            events = count("registry_certificateevent")
            enterprises = count("registry_enterprise")
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.sqlite3*")) / 2**20
        # ru_maxrss is in KiB on Linux.
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   certificates, events, enterprises, size)


def measure(scale: str, seed: int, repeat: int) -> tuple[Run, list[float]]:
    runs = []
    for i in range(repeat):
        log(f"{scale}: run {i + 1}/{repeat}")
        runs.append(run_once(scale, seed))
        log(f"{scale}: {runs[-1].seconds:.1f} s wall, {runs[-1].cpu_seconds:.1f} s CPU, "
            f"peak RSS {runs[-1].peak_rss_mib:.0f} MiB")
    times = [r.seconds for r in runs]
    median_run = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    median_run.seconds = statistics.median(times)
    median_run.cpu_seconds = statistics.median(r.cpu_seconds for r in runs)
    median_run.peak_rss_mib = statistics.median(r.peak_rss_mib for r in runs)
    return median_run, times


def row(scale: str, run: Run) -> str:
    rate = run.certificates / run.seconds
    return (f"| {scale} | {run.enterprises:,} | {run.certificates:,} | {run.events:,} | "
            f"{run.seconds:.1f} s | {run.cpu_seconds:.1f} s | {rate:,.0f} | "
            f"{(run.certificates + run.events + run.enterprises) / run.seconds:,.0f} | "
            f"{run.peak_rss_mib:.0f} MiB | {run.db_mib:.0f} MiB |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    parser.add_argument("--baseline", default="district")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per scale (province takes minutes; default 1)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    base, base_times = measure(args.baseline, args.seed, max(args.repeat, 3))
    main_run, main_times = measure(args.scale, args.seed, args.repeat)

    time_ratio = main_run.seconds / base.seconds
    size_ratio = main_run.certificates / base.certificates
    per_cert = (main_run.seconds / main_run.certificates) / (base.seconds / base.certificates)
    print(f"## seed-demo: `--scale {args.scale}` into a fresh SQLite database\n")
    print(f"`qualitycert seed-demo --scale {args.scale} --seed {args.seed} --today {TODAY}` "
          "in its own process after `migrate`, into a new SQLite file (WAL, one "
          "transaction; rows through `registry.bulk.insert_rows`). Baseline: "
          f"`--scale {args.baseline}` measured in the same run. Wall time is the median of "
          f"{len(main_times)} run(s) for {args.scale} and {len(base_times)} for "
          f"{args.baseline}; peak RSS is the seeding process's own (wait4 ru_maxrss).\n")
    print("| scale | enterprises | certificates | events | wall time | CPU time "
          "| certificates/s (wall) | rows/s (wall) | peak RSS | database |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(row(args.baseline, base))
    print(row(args.scale, main_run))
    print()
    cpu_ratio = main_run.cpu_seconds / base.cpu_seconds
    cpu_per_cert = cpu_ratio / size_ratio
    print(f"- {args.scale} / {args.baseline}: {size_ratio:.0f}× the certificates in "
          f"{time_ratio:.1f}× the wall time ({per_cert:.2f}× per certificate) and "
          f"{cpu_ratio:.1f}× the CPU time ({cpu_per_cert:.2f}× per certificate); "
          f"peak RSS {main_run.peak_rss_mib / base.peak_rss_mib:.2f}× the baseline's.")
    load = os.getloadavg()
    print(f"- CPU time (user + system of the seeding process) is the figure to compare "
          f"across machines; wall time depends on what else runs. Load average at the end: "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs.")
    print(f"- All {args.scale} runs: " + ", ".join(f"{t:.1f} s" for t in main_times)
          + f"; all {args.baseline} runs: " + ", ".join(f"{t:.1f} s" for t in base_times) + ".")
    print(f"- At {args.scale} size each certificate keeps the events of its current cycle "
          "only (see registry/demo/scales.py); district keeps the full history since 2017.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
