"""Benchmark qualitycert.lib.rfc3797.select against the bare MD5 work it must do.

Run from the repository root:

    .venv/bin/python bench/bench_rfc3797.py [--pool N] [--picks K] [--repeat R]

Prints JSON: the median seconds of one full draw, the median seconds of the
baseline (building the same counter ‖ key ‖ counter inputs and computing the
same MD5 digests, nothing else — not even the conversion to int), and their
ratio. Draw and baseline alternate within each repeat so that drift in
machine speed (CPU frequency, a neighbour's load) hits both alike.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from hashlib import md5
from pathlib import Path

# A plain script, not a package: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qualitycert.lib.rfc3797 import (
    ALGORITHM_VERSIONS,
    key_string,
    max_picks,
    select,
    version_for,
)

# RFC 3797 section 6's sources, so the key has a realistic length.
KEY = key_string(["9319", "2 5 12 8 10", "9 18 26 34 41 45"])


def bare_digests(picks: int, key_bytes: bytes, counter_bytes: int) -> None:
    """The digest work of a draw, built exactly as select() builds it."""
    for i in range(picks):
        counter = i.to_bytes(counter_bytes, "big")
        md5(counter + key_bytes + counter, usedforsecurity=False).digest()


def markdown(report: dict[str, object]) -> str:
    """The section bench/run.py collects into docs/benchmarks.md."""
    return "\n".join([
        "## RFC 3797 selection library (qualitycert/lib/rfc3797.py)",
        "",
        f"`.venv/bin/python bench/bench_rfc3797.py` — {report['picks']:,} picks from "
        f"{report['pool']:,} candidates ({report['version']}), medians of {report['repeat']} "
        "repeats, draw and bare hashing alternating in the same run.",
        "",
        "| measure | median |",
        "|---|---:|",
        f"| bare MD5 of the same {report['picks']:,} digests (baseline) | "
        f"{float(str(report['hash_median_s'])) * 1000:.1f} ms |",
        f"| `select()` | {float(str(report['draw_median_s'])) * 1000:.1f} ms |",
        f"| ratio (target ≤ 5×) | {report['ratio']}× (paired median "
        f"{report['paired_ratio_median']}×) |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=1_000_000)
    parser.add_argument("--picks", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument(
        "--version",
        choices=list(ALGORITHM_VERSIONS),
        help="algorithm version (default: plain RFC 3797 where the picks fit)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    version = args.version or version_for(args.picks)
    counter_bytes = ALGORITHM_VERSIONS[version]
    key_bytes = KEY.encode("ascii")

    # Untimed run: a wrong draw must not produce a flattering number.
    result = select(args.pool, args.picks, KEY, version=version)
    if len(set(result)) != args.picks or not all(0 <= x < args.pool for x in result):
        raise SystemExit("select() returned an invalid draw")

    draw_times: list[float] = []
    hash_times: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        select(args.pool, args.picks, KEY, version=version)
        draw_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        bare_digests(args.picks, key_bytes, counter_bytes)
        hash_times.append(time.perf_counter() - start)

    draw = statistics.median(draw_times)
    bare = statistics.median(hash_times)
    report = {
        "pool": args.pool,
        "picks": args.picks,
        "repeat": args.repeat,
        "version": version,
        "max_picks": max_picks(version),
        "draw_median_s": round(draw, 6),
        "hash_median_s": round(bare, 6),
        "ratio": round(draw / bare, 3) if bare else None,
        # Less sensitive to the machine changing speed between repeats.
        "paired_ratio_median": round(
            statistics.median(d / h for d, h in zip(draw_times, hash_times, strict=True) if h), 3
        ),
        "draw_times_s": [round(t, 6) for t in draw_times],
        "hash_times_s": [round(t, 6) for t in hash_times],
        "python": platform.python_version(),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
