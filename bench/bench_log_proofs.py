"""Benchmark the transparency log's proofs at ten million leaves.

Run from the repository root:

    .venv/bin/python bench/bench_log_proofs.py [--leaves N] [--requests R] [--seed S]

Builds a fresh SQLite database (`migrate`), then fills the leaf table with N
synthetic leaves (default 10,000,000) the way the application stores them —
each row with its data, its RFC 9162 leaf hash and the subtree hashes it
completes, computed by qualitycert.lib.merkle.Frontier — by raw sqlite3
`executemany` in one transaction (what an import of that many rows would
write, without the registry rows around them). Then, in this process, through
Django's test client against the real API:

- R inclusion proofs `GET /api/v1/log/proof/inclusion?leaf=…&size=N` for
  random leaves, and R consistency proofs `…/proof/consistency?from=…&to=N`
  for random old sizes, one at a time; p50 / p99 / max latency;
- each proof re-checked with lib.merkle's verifier against the root computed
  independently while building (so a fast wrong answer does not count).

Prints one Markdown section (target: a proof in <= 50 ms at 10 M leaves).
Progress goes to stderr. The database (~1.3 GB at 10 M) is deleted at the end.
"""

from __future__ import annotations

import argparse
import base64
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

from qualitycert.lib import merkle  # noqa: E402

PYTHON = sys.executable
BATCH = 20_000
TARGET_MS = 50.0


def log(message: str) -> None:
    print(f"[bench_log_proofs {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr,
          flush=True)


def migrate(db: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0",
                    "--skip-checks"], env=env, cwd=ROOT, check=True)


def fill(db: Path, leaves: int) -> tuple[bytes, float]:
    """Write the leaves; return the tree's root and the seconds it took."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    frontier = merkle.Frontier()
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    sql = ('INSERT INTO audit_logleaf ("index", kind, ref, data, leaf_hash, subtrees) '
           "VALUES (?, ?, ?, ?, ?, ?)")
    for start in range(0, leaves, BATCH):
        rows = []
        for index in range(start, min(start + BATCH, leaves)):
            data = f'{{"n":{index},"type":"bench","v":1}}'
            digest = merkle.leaf_hash(data.encode())
            rows.append((index, "audit", index, data, digest, b"".join(frontier.append(digest))))
        connection.executemany(sql, rows)
        if start and start % 1_000_000 == 0:
            log(f"{start:,} leaves, {time.perf_counter() - started:.0f} s")
    connection.execute("INSERT OR REPLACE INTO audit_audithead (id, last_seq, last_hash, "
                       "tree_size) VALUES (1, 0, ?, ?)", ("0" * 64, leaves))
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return frontier.root(), seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(db: Path, leaves: int, root: bytes, requests: int, seed: int
            ) -> dict[str, list[float]]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycert.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {"inclusion": [], "consistency": []}
    # One warm-up request each: the first opens the connection and loads the app.
    client.get("/api/v1/log/proof/inclusion", {"leaf": 0, "size": leaves})
    client.get("/api/v1/log/proof/consistency", {"from": 1, "to": leaves})
    for _ in range(requests):
        leaf = rng.randrange(leaves)
        started = time.perf_counter()
        response = client.get("/api/v1/log/proof/inclusion", {"leaf": leaf, "size": leaves})
        timings["inclusion"].append((time.perf_counter() - started) * 1000)
        answer = response.json()
        path = [base64.b64decode(h) for h in answer["inclusion_path"]]
        if not merkle.verify_inclusion(base64.b64decode(answer["leaf_hash"]), leaf, leaves,
                                       path, root):
            raise SystemExit(f"inclusion proof for leaf {leaf} does not verify")
        old = rng.randrange(1, leaves)
        started = time.perf_counter()
        response = client.get("/api/v1/log/proof/consistency", {"from": old, "to": leaves})
        timings["consistency"].append((time.perf_counter() - started) * 1000)
        answer = response.json()
        path = [base64.b64decode(h) for h in answer["consistency_path"]]
        if not merkle.verify_consistency(old, leaves, base64.b64decode(answer["from_root"]),
                                         root, path):
            raise SystemExit(f"consistency proof from {old} does not verify")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaves", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qc-bench-log-") as tmp:
        db = Path(tmp) / "log.sqlite3"
        log("migrate")
        migrate(db)
        log(f"writing {args.leaves:,} leaves")
        root, fill_seconds = fill(db, args.leaves)
        size_mib = db.stat().st_size / 2**20
        log(f"measuring {args.requests} proofs of each kind")
        timings = measure(db, args.leaves, root, args.requests, args.seed)
    print(f"## Transparency-log proofs ({args.leaves:,} leaves)\n")
    print(f"Fresh SQLite database (WAL) with {args.leaves:,} leaves as the application stores "
          f"them (each row with its data, leaf hash and the subtree hashes it completes), "
          f"written by raw `executemany` in {fill_seconds:.0f} s ({size_mib:,.0f} MiB). "
          f"{args.requests} requests of each kind through Django's test client, one at a time, "
          "random leaves and old sizes, each proof verified against the root computed while "
          "writing.\n")
    print("| measure | p50 | p99 | max | target |")
    print("|---|---|---|---|---|")
    for kind, values in timings.items():
        p99 = percentile(values, 0.99)
        verdict = "met" if p99 <= TARGET_MS else "NOT met"
        print(f"| `GET /api/v1/log/proof/{kind}` | {statistics.median(values):.1f} ms | "
              f"{p99:.1f} ms | {max(values):.1f} ms | <= {TARGET_MS:.0f} ms: {verdict} |")
    print(f"\nMachine: CPython {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPUs.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
