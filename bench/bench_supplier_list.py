"""Benchmark the browser supplier-list check on a district-sized registry.

Run from the repository root:

    .venv/bin/python bench/bench_supplier_list.py [--rows N] [--repeat R]

Builds a fresh SQLite database with the Binhai demo data (`seed-demo`,
district scale, fixed seed and date), then writes a supplier list of `--rows`
rows (default 5,000, the upload limit) drawn from the registry: 40 % by
certificate number, 25 % by USCC, 25 % by company name (half of them with the
legal form left off, as buyers type them), 10 % invented. Each repeat runs,
each in its own process so peak RSS is that of the work alone (os.wait4):

- upload: POST the XLSX to /verify/suppliers/ through Django's test client
  (upload handler, tabular reader, batch verdicts, result workbook, storing
  it), then GET the result XLSX;
- baseline: the same rows, already parsed into batch items before the clock
  starts, through `batch.verify_batch` in 1,000-item slices — the verdict
  logic POST /api/v1/verify runs, without the file on either side.

Prints one Markdown section: medians, rows per second, the ratio of the two
(baseline time / upload time: the share of an upload spent on verdicts), and
peak RSS. Progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TODAY = "2026-01-15"


def log(message: str) -> None:
    print(f"[bench_supplier_list {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr,
          flush=True)


def env_for(workdir: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "QC_VAR_DIR": str(workdir / "var"), "DJANGO_SETTINGS_MODULE": "qualitycert.settings",
            "QC_RATE_ANON_PER_MINUTE": "0", "QC_LOG_LEVEL": "ERROR"}


def run(args: list[str], env: dict[str, str]) -> tuple[str, int]:
    """Run a child; return its stdout and peak RSS in KiB."""
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args[1:3]} failed with {os.waitstatus_to_exitcode(status)}")
    return out, usage.ru_maxrss


# --- the worker side (runs in a child with Django set up) -------------------------------


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def worker_prepare(path: Path, rows: int) -> None:
    _django()
    import random

    from qualitycert.verification.tests.supplier_files import xlsx_bytes

    from qualitycert.registry.models import Certificate

    rng = random.Random(2019)
    certs = list(Certificate.objects.select_related("holder", "scheme")
                 .order_by("pk").values_list("number", "holder__uscc", "holder__name",
                                             "scheme__code")[:50_000])
    out: list[list[object]] = []
    for index in range(rows):
        number, uscc, name, scheme = rng.choice(certs)
        kind = index % 20
        if kind < 8:
            out.append(["", "", number, scheme if kind % 2 else ""])
        elif kind < 13:
            out.append(["", uscc, "", "management_system" if kind % 2 else ""])
        elif kind < 18:
            typed = name.replace("有限公司", "") if kind % 2 else name
            out.append([typed, "", "", ""])
        else:
            out.append([f"杜撰供应商{index}有限公司", "", f"FAKE-{index:06d}", ""])
    path.write_bytes(xlsx_bytes(out))
    print(json.dumps({"certificates": len(certs)}))


def worker_upload(path: Path) -> None:
    _django()
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    data = path.read_bytes()
    client = Client()
    started = time.perf_counter()
    response = client.post("/verify/suppliers/",
                           {"file": SimpleUploadedFile("suppliers.xlsx", data)})
    page = response.content.decode()
    link = re.search(r'href="(/verify/suppliers/results/[^"]+\.xlsx)"', page)
    assert response.status_code == 200 and link, response.status_code
    download = client.get(link.group(1))
    body = download.getvalue()  # the result file, streamed
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "result_bytes": len(body)}))


def worker_baseline(path: Path) -> None:
    _django()
    from qualitycert.procurement import batch, suppliers

    source = suppliers.read_supplier_list(path, file_name=path.name)
    items = [row.item for row in source.rows if not row.problem]
    started = time.perf_counter()
    verdicts = []
    for start in range(0, len(items), batch.MAX_ITEMS):
        verdicts += batch.verify_batch(items[start:start + batch.MAX_ITEMS])
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for result in verdicts:
        counts[result.verdict] = counts.get(result.verdict, 0) + 1
    print(json.dumps({"seconds": elapsed, "counts": counts}))


# --- the launcher -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", choices=["prepare", "upload", "baseline"])
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.worker:
        path = Path(args.file)
        {"prepare": lambda: worker_prepare(path, args.rows), "upload": lambda: worker_upload(path),
         "baseline": lambda: worker_baseline(path)}[args.worker]()
        return 0

    with tempfile.TemporaryDirectory(prefix="qc-bench-suppliers-") as tmp:
        workdir = Path(tmp)
        env = env_for(workdir)
        manage = [PYTHON, str(ROOT / "manage.py")]
        log("migrating a fresh SQLite database")
        run([*manage, "migrate", "--noinput", "-v0"], env)
        log("seed-demo --scale district (takes a while)")
        started = time.perf_counter()
        run([*manage, "seed_demo", "--scale", "district", "--seed", "2019", "--today", TODAY],
            env)
        log(f"seeded in {time.perf_counter() - started:.0f} s")
        listing = workdir / "suppliers.xlsx"
        me = [PYTHON, str(Path(__file__).resolve())]
        prepared, _ = run([*me, "--worker", "prepare", "--file", str(listing),
                           "--rows", str(args.rows)], env)
        info = json.loads(prepared)
        uploads, baselines, upload_rss, baseline_rss = [], [], [], []
        counts: dict[str, int] = {}
        for repeat in range(args.repeat):
            log(f"repeat {repeat + 1}/{args.repeat}")
            out, rss = run([*me, "--worker", "upload", "--file", str(listing)], env)
            uploads.append(json.loads(out)["seconds"])
            upload_rss.append(rss)
            out, rss = run([*me, "--worker", "baseline", "--file", str(listing)], env)
            measured = json.loads(out)
            baselines.append(measured["seconds"])
            counts = measured["counts"]
            baseline_rss.append(rss)

    upload_s, baseline_s = statistics.median(uploads), statistics.median(baselines)
    print("## Supplier-list check (browser upload)\n")
    print(f"A {args.rows:,}-row XLSX supplier list against the district demo registry "
          f"(seed-demo district, seed 2019, today {TODAY}; rows drawn from "
          f"{info['certificates']:,} certificates: 40 % by number, 25 % by USCC, 25 % by name, "
          f"10 % invented). Medians of {args.repeat} runs, each in a fresh process; SQLite.\n")
    print("| path | median | rows/s | peak RSS |")
    print("|---|---:|---:|---:|")
    print(f"| upload: POST /verify/suppliers/ + GET result XLSX | {upload_s:.2f} s | "
          f"{args.rows / upload_s:,.0f} | {max(upload_rss) / 1024:.0f} MiB |")
    print(f"| baseline: `batch.verify_batch` on the parsed items | {baseline_s:.2f} s | "
          f"{args.rows / baseline_s:,.0f} | {max(baseline_rss) / 1024:.0f} MiB |")
    print(f"\nRatio baseline / upload: {baseline_s / upload_s:.2f} (the share of an upload "
          "spent on the verdicts themselves; the rest is reading the file, rendering the "
          "table and writing the result workbook).")
    print("\nVerdicts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
