"""Benchmark `qualitycert grade-enterprises` (issue 13): grading every
enterprise of a province-scale fact base, against one plain SQL pass over the
same facts measured in the same run.

Run from the repository root:

    .venv/bin/python bench/bench_grading.py [--enterprises 1000000] [--repeat 1]

What it does: a new temporary SQLite file, `migrate`, then (with the sqlite3
module, no Django) N enterprises and about three facts each — certificates
held, suspensions and withdrawals, sampling and inspection results,
penalties, complaints, brands, awards, commitments, declarations and a few
dishonesty listings, with dates over six years — and the shipped grading
model, published. Then, each in its own subprocess timed by wall clock with
its peak resident set size from wait4():

* baseline: the grader's own query (`credit.queries.fact_stream_sql`, one
  pass over every fact in enterprise order) fetched to the end, nothing else;
* grading: `credit.actions.grade_enterprises` (what `qualitycert
  grade-enterprises --as-of … --no-sync` runs), i.e. the same pass plus the grade of every enterprise, the insert of every grade with its
  per-indicator contributions, the run digest and the audit entry.

Baseline and grading alternate (baseline first and last). Targets from the
issue: ≤ 60 s and ≤ 1 GB for 1,000,000 enterprises. Prints one Markdown
section; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualitycert.credit.default_model import DEFAULT_SPEC  # noqa: E402
from qualitycert.credit.grading import spec_digest  # noqa: E402

AS_OF = dt.date(2026, 11, 30)
BATCH = 50_000
TARGET_SECONDS = 60
TARGET_MIB = 1024


def log(message: str) -> None:
    print(f"bench_grading: {message}", file=sys.stderr, flush=True)


def day(rng: random.Random, back: int = 2190) -> str:
    return (AS_OF - dt.timedelta(days=rng.randint(0, back))).isoformat()


def facts_for(rng: random.Random, enterprise_id: int) -> Iterator[tuple[object, ...]]:
    """About three facts an enterprise, shaped like the district demo's."""
    def fact(kind: str, on: str, ends: str | None = None) -> tuple[object, ...]:
        return (enterprise_id, kind, on, ends, "bench", "bench", "", "")

    for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.2)):
        issued = AS_OF - dt.timedelta(days=rng.randint(0, 2190))
        yield fact("certificate_held", issued.isoformat(),
                   (issued + dt.timedelta(days=1096)).isoformat())
    for kind, share in (("certificate_suspended", 0.05), ("certificate_withdrawn", 0.02),
                        ("penalty", 0.04), ("complaint", 0.08), ("quality_award", 0.02),
                        ("inspection_clean", 0.08), ("inspection_problem", 0.02),
                        ("forgery_report", 0.005)):
        if rng.random() < share:
            yield fact(kind, day(rng))
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        yield fact("sampling_pass" if rng.random() < 0.92 else "sampling_fail", day(rng))
    for kind, share in (("brand", 0.1), ("quality_commitment", 0.25),
                        ("self_declaration", 0.05)):
        if rng.random() < share:
            yield fact(kind, day(rng))
    if rng.random() < 0.005:
        start = AS_OF - dt.timedelta(days=rng.randint(0, 700))
        yield fact("dishonesty_listed", start.isoformat(),
                   (start + dt.timedelta(days=730)).isoformat())


def build(db: Path, enterprises: int) -> int:
    """Enterprises, facts and a published model, straight into the file."""
    rng = random.Random(31863)  # nosec B311 # benchmark data, reproducible
    now = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC).isoformat(sep=" ")
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    facts = 0
    with con:
        for start in range(1, enterprises + 1, BATCH):
            ids = range(start, min(start + BATCH, enterprises + 1))
            con.executemany(
                "INSERT INTO registry_enterprise (id, uscc, name, name_key, former_names, "
                "address, division_code, industry_code, legal_status, size, is_tech_leader, "
                "has_own_brand, is_equipment_manufacturer, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, '[]', '', '120000', 'C3411', 'active', '', 0, 0, 0, ?, ?)",
                [(i, f"9112{i:014d}", f"基准企业{i}", f"基准企业{i}", now, now) for i in ids])
            rows = [row for i in ids for row in facts_for(rng, i)]
            con.executemany(
                "INSERT INTO credit_fact (enterprise_id, kind, occurred_on, ends_on, source, "
                "source_type, source_id, reference, summary, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*r[:6], f"{facts + n}", *r[6:], now) for n, r in enumerate(rows)])
            facts += len(rows)
            log(f"built {ids[-1]:,} enterprises, {facts:,} facts")
        con.execute(
            "INSERT INTO credit_gradingmodel (version, name, spec, status, created_at, "
            "created_by, spec_digest, published_at, signer_name, publish_reason) "
            "VALUES (1, 'bench', ?, 'published', ?, 'bench', ?, ?, 'bench', 'bench')",
            (json.dumps(DEFAULT_SPEC, ensure_ascii=False), now, spec_digest(DEFAULT_SPEC), now))
    con.execute("ANALYZE")
    con.close()
    return facts


BASELINE = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
django.setup()
import datetime as dt
from django.db import connection
from qualitycert.credit.queries import FETCH, fact_stream_sql
rows = 0
started = time.perf_counter()
with connection.chunked_cursor() as cursor:
    cursor.execute(fact_stream_sql(), [dt.date.fromisoformat(sys.argv[1])])
    while batch := cursor.fetchmany(FETCH):
        rows += len(batch)
print(rows, time.perf_counter() - started)
"""

GRADE = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
django.setup()
import datetime as dt
from qualitycert.accounts.actor import Actor
from qualitycert.credit.actions import grade_enterprises
started = time.perf_counter()
run = grade_enterprises(as_of=dt.date.fromisoformat(sys.argv[1]), actor=Actor.system())
print(run.graded, time.perf_counter() - started)
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[1:3]} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024, out


def query_plan(db: Path) -> str:
    con = sqlite3.connect(db)
    sql = ("SELECT enterprise_id, kind, occurred_on, ends_on, id FROM credit_fact "
           "WHERE occurred_on <= ? ORDER BY enterprise_id")
    plan = "; ".join(row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                     (AS_OF.isoformat(),)))
    con.close()
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="grading runs (default 1)")
    args = parser.parse_args(argv)
    if args.enterprises < 1 or args.repeat < 1:
        parser.error("--enterprises and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="qc-bench-grading-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "QC_VAR_DIR": tmp}
        manage = [sys.executable, str(ROOT / "manage.py")]
        log("migrate …")
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        facts = build(db, args.enterprises)
        build_seconds = time.perf_counter() - started
        plan = query_plan(db)
        baseline_cmd = [sys.executable, "-c", BASELINE, AS_OF.isoformat()]
        grade_cmd = [sys.executable, "-c", GRADE, AS_OF.isoformat()]
        baselines: list[tuple[float, float, float]] = []
        grades: list[tuple[float, float, float]] = []
        for n in range(args.repeat):
            log(f"baseline {n + 1} …")
            seconds, rss, out = timed(baseline_cmd, env)
            rows, work = out.split()
            if int(rows) != facts:
                raise SystemExit(f"the baseline read {rows} facts, not {facts}")
            baselines.append((float(work), seconds, rss))
            log(f"grading {n + 1} …")
            seconds, rss, out = timed(grade_cmd, env)
            count, work = out.split()
            grades.append((float(work), seconds, rss))
            log(f"graded {count} in {float(work):.1f} s")
        log("baseline (last) …")
        seconds, rss, out = timed(baseline_cmd, env)
        baselines.append((float(out.split()[1]), seconds, rss))
        con = sqlite3.connect(db)
        graded = con.execute("SELECT graded, distribution FROM credit_gradingrun "
                             "ORDER BY id DESC LIMIT 1").fetchone()
        con.close()
    if graded[0] != args.enterprises:
        raise SystemExit(f"graded {graded[0]} enterprises, not {args.enterprises}")
    base_s = statistics.median(s for s, _, _ in baselines)
    grade_s = statistics.median(s for s, _, _ in grades)
    base_wall = statistics.median(w for _, w, _ in baselines)
    grade_wall = statistics.median(w for _, w, _ in grades)
    grade_rss = max(r for _, _, r in grades)
    base_rss = max(r for _, _, r in baselines)
    n = args.enterprises
    scale_note = "" if n >= 1_000_000 else (
        f" **Run at {n:,} enterprises, not the issue's 1,000,000: the targets below are "
        "for the full run.**")
    print("## Grading (quality-credit grades, issue 13)\n")
    print(f"`.venv/bin/python bench/bench_grading.py --enterprises {n}` — SQLite, "
          f"{n:,} enterprises with {facts:,} archive facts ({facts / n:.1f} each), the shipped "
          "model (14 indicators, one veto); each measure a fresh subprocess, timed inside it "
          "(the process's wall time, with Django's start-up, beside it), peak RSS from "
          f"wait4().{scale_note}\n")
    print("| measure | time | process wall time | ratio to baseline | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    print(f"| baseline: the grader's query over every fact, fetched to the end "
          f"(median of {len(baselines)}) | {base_s:.2f} s | {base_wall:.1f} s | 1.00× | "
          f"{base_rss:.0f} MiB |")
    ok_time = "✓" if grade_s <= TARGET_SECONDS else "✗"
    ok_mem = "✓" if grade_rss <= TARGET_MIB else "✗"
    print(f"| `grade-enterprises`: grade, insert {n:,} grades with contributions, digest, "
          f"audit (median of {len(grades)}) | {grade_s:.2f} s ({ok_time} target ≤ "
          f"{TARGET_SECONDS} s) | {grade_wall:.1f} s | {grade_s / base_s:.2f}× | {grade_rss:.0f} MiB ({ok_mem} "
          f"target ≤ {TARGET_MIB} MiB) |")
    print(f"\nGrades: {graded[1]}. Building the data took {build_seconds:.0f} s (not timed "
          f"above). SQLite's plan for the fact pass: `{plan}`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
