"""Benchmark the plan's programme indicators (issue 15): every task's
indicators and the public programme page, uncached, against one plain count.

Run from the repository root:

    .venv/bin/python bench/bench_programmes.py [--scale district|province] [--repeat R]

A demo database of the scale (`seed-demo --scale S --seed 2019 --today
REFERENCE_DAY`) is generated once into /tmp/qualitycert-bench/ and reused
(delete the file to regenerate; a cached one is migrated to the current
schema). The measurement runs in a child process that sets Django up against
it, makes one untimed warm-up call, then times R runs of:

- baseline: distinct holders of a valid management-system certificate by
  current status and dates (one aggregate, the cheapest count there is);
- programme_counts(day): the seven programmes, what /programmes/ and
  GET /api/v1/programmes/ compute on a cache miss;
- task_indicators(n, day) for every one of the 23 tasks, each with a fresh
  per-request context (what 23 separate task pages would cost);
- the cached public answer (public_programme_counts) after the first call.

It reports medians and the number of SQL statements. Prints one Markdown
section on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/qualitycert-bench")
REFERENCE_DAY = "2026-11-26"


def database(scale: str) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"programmes-{scale}.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    qc = str(ROOT / ".venv" / "bin" / "qualitycert")
    fresh = not path.exists()
    subprocess.run([qc, "migrate", "--noinput", "-v0"], env=env, check=True)
    if fresh:
        print(f"seeding {scale} into {path} …", file=sys.stderr, flush=True)
        subprocess.run([qc, "seed-demo", "--scale", scale, "--seed", "2019", "--today",
                        REFERENCE_DAY], env=env, check=True, stdout=subprocess.DEVNULL)
    return path


CHILD = r"""
import datetime as dt, json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from qualitycert.programmes import indicators
from qualitycert.registry.models import Certificate

day = dt.date.fromisoformat(sys.argv[1])
repeat = int(sys.argv[2])

def baseline():
    return (Certificate.objects.filter(status="valid", issued_on__lte=day, expires_on__gte=day,
                                       scheme__category="management_system")
            .values("holder_id").distinct().count())

def all_tasks():
    return [indicators.task_indicators(n, day) for n in range(1, 24)]

def timed(fn):
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        fn()
    return {"median": statistics.median(runs), "queries": len(captured.captured_queries)}

out = {"baseline": timed(baseline), "programmes": timed(lambda: indicators.programme_counts(day)),
       "tasks": timed(all_tasks),
       "cached": timed(lambda: indicators.public_programme_counts(day)),
       "certificates": Certificate.objects.count()}
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district", choices=["district", "province"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = database(args.scale)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}",
           "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}
    result = subprocess.run([sys.executable, "-c", CHILD, REFERENCE_DAY, str(args.repeat)],
                            env=env, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    m = json.loads(result.stdout.strip().splitlines()[-1])
    base = m["baseline"]["median"]
    print(f"## programmes\n\nThe plan's programme indicators (issue 15) on the `seed-demo "
          f"--scale {args.scale}` data ({m['certificates']:,} certificates), SQLite, "
          f"day {REFERENCE_DAY}, median of {args.repeat} runs, uncached unless said.\n")
    print("| what | median | × baseline | SQL statements |\n|---|---|---|---|")
    for key, label in (("baseline", "baseline: one aggregate of valid MS holders"),
                       ("programmes", "programme_counts (the public page on a cache miss)"),
                       ("tasks", "task_indicators for all 23 tasks, one context each"),
                       ("cached", "public_programme_counts, cached")):
        row = m[key]
        print(f"| {label} | {row['median'] * 1000:.1f} ms | {row['median'] / base:.1f} | "
              f"{row['queries']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
