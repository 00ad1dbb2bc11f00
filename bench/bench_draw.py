"""Benchmark the 双随机 draw (qualitycert/inspections/draw.py), without the database.

Run from the repository root:

    .venv/bin/python bench/bench_draw.py [--repeat R]

Prints one Markdown section with:

* the stratified selection of 50,000 picks from 1,000,000 candidates
  (strata A/B/C/D, plain RFC 3797) through ``draw.draw_strata`` — the code
  path the draw action uses: per-stratum keys, one RFC 3797 selection per
  stratum, mapping of stratum positions to list indices — as a median and
  as a ratio against the bare cost of the same 50,000 MD5 digests measured
  in the same run (draw and baseline alternate, as in bench_rfc3797.py);
* the same draw from the in-memory candidate list, i.e. including
  ``strata_members``, the one pass that splits a 1,000,000-entry list into
  strata (the draw action reads the list from the database, so this pass
  is part of the action but not of the selection proper);
* team assignment for 5,000 drawn targets from a pool of 200 inspectors
  with 2 % of (inspector, target) pairs excluded, team size 2.

Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from hashlib import md5
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qualitycert.inspections import draw as d
from qualitycert.lib.rfc3797 import ALGORITHM_VERSIONS, key_string

POOL = 1_000_000
# Stratum sizes and percentages chosen so the picks add up to exactly 50,000.
SIZES = {"A": 200_000, "B": 500_000, "C": 250_000, "D": 50_000}
PERCENTS = {"A": Decimal(2), "B": Decimal(5), "C": Decimal(6), "D": Decimal(12)}
SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bare_digests(picks_by_stratum: dict[str, int], version: str) -> None:
    """The MD5 work of the draw, built as rfc3797.select builds it."""
    width = ALGORITHM_VERSIONS[version]
    for rc, picks in picks_by_stratum.items():
        key = key_string([*SOURCES, str(d.STRATUM_ORDINAL[rc])]).encode("ascii")
        for i in range(picks):
            counter = i.to_bytes(width, "big")
            md5(counter + key + counter, usedforsecurity=False).digest()


def make_entries(rng: random.Random) -> list[d.CandidateEntry]:
    classes = [rc for rc, n in SIZES.items() for _ in range(n)]
    rng.shuffle(classes)
    return [d.CandidateEntry(i, f"91120116{i:010d}", "", rc)
            for i, rc in enumerate(classes, start=1)]


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    rng = random.Random(3797)

    log("building 1,000,000 candidates …")
    entries = make_entries(rng)
    members = d.strata_members(entries)
    picks = {rc: d.picks_for(len(members[rc]), PERCENTS[rc]) for rc in d.RISK_CLASSES}
    total = sum(picks.values())
    version = d.draw_version(picks.values(), 2)
    assert total == 50_000 and version == "rfc3797", (total, version)

    # Untimed check: a wrong draw must not produce a flattering number.
    strata = d.draw_strata(members, PERCENTS, SOURCES, version)
    drawn = [t for s in strata for t in s.targets]
    if len(drawn) != total or len(set(drawn)) != total:
        raise SystemExit("draw_strata returned an invalid draw")
    if any(entries[t - 1].risk_class != s.risk_class for s in strata for t in s.targets):
        raise SystemExit("a pick landed outside its stratum")

    log(f"timing the stratified selection, {args.repeat} repeats …")
    draw_times, bare_times, full_times = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        d.draw_strata(members, PERCENTS, SOURCES, version)
        draw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare_digests(picks, version)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        d.draw_strata(d.strata_members(entries), PERCENTS, SOURCES, version)
        full_times.append(time.perf_counter() - start)

    log("timing team assignment for 5,000 targets …")
    targets = drawn[:5000]
    pool = 200
    excluded: dict[int, set[int]] = {}
    for t in targets:
        barred = {m for m in range(1, pool + 1) if rng.random() < 0.02}
        if barred:
            excluded[t] = barred
    assign_times = []
    for _ in range(max(3, args.repeat // 2)):
        start = time.perf_counter()
        out = d.assign_inspectors(targets, pool, excluded, 2, SOURCES, version)
        assign_times.append(time.perf_counter() - start)
    staffed = sum(a.status == d.STATUS_ASSIGNED for a in out)

    draw_ms, bare_ms, full_ms = (median_ms(t) for t in (draw_times, bare_times, full_times))
    paired = statistics.median(a / b for a, b in zip(draw_times, bare_times, strict=True))
    print("## Draw (双随机 stratified RFC 3797 selection and team assignment)\n")
    print("`.venv/bin/python bench/bench_draw.py` — no database; medians of "
          f"{args.repeat} repeats, draw and baseline alternating in the same run.\n")
    print("| measure | median | ratio to bare MD5 |")
    print("|---|---:|---:|")
    print(f"| bare MD5: the same {total:,} digests (baseline) | {bare_ms:.1f} ms | 1.00× |")
    print(f"| stratified selection `draw_strata`: {total:,} picks from {POOL:,} in 4 strata "
          f"({version}) | {draw_ms:.1f} ms | {draw_ms / bare_ms:.2f}× "
          f"(paired median {paired:.2f}×; target ≤ 5×) |")
    print(f"| same, from the in-memory list incl. the `strata_members` pass over {POOL:,} "
          f"entries | {full_ms:.1f} ms | {full_ms / bare_ms:.2f}× |")
    print(f"| team assignment `assign_inspectors`: 5,000 targets, pool of {pool}, "
          f"~2 % pairs excluded, team of 2 ({staffed:,} staffed) | "
          f"{median_ms(assign_times):.1f} ms | — |")
    print("\nStrata (size → picks): "
          + ", ".join(f"{rc} {len(members[rc]):,} → {picks[rc]:,}" for rc in d.RISK_CLASSES)
          + ".")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
