"""`make bench`: run every bench/bench_*.py and write docs/benchmarks.md.

Each benchmark prints one Markdown section measured in its own run (figures as
medians and as ratios against a baseline measured in the same run), so the
page says what this machine did today, not what someone once typed in."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> int:
    only = set(sys.argv[1:])
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    sections, failures = [], []
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"== {script.name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True, check=False)
        took = time.perf_counter() - started
        if result.returncode != 0:
            failures.append(script.name)
            sections.append(f"## {name}\n\nFAILED (exit {result.returncode}) after {took:.0f} s.\n")
        else:
            sections.append(result.stdout.strip() + f"\n\n_(script wall time {took:.0f} s)_\n")
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` (`python bench/run.py`) on {dt.date.today().isoformat()}.\n\n"
        f"Machine: {machine()}.\n\n"
        "Every figure below was measured in the run that wrote this page; ratios compare "
        "against a baseline measured in the same run on the same machine.\n"
    )
    out = ROOT / "docs" / "benchmarks.md"
    if only and out.exists():
        print("partial run: not rewriting docs/benchmarks.md; sections follow", file=sys.stderr)
        print("\n\n".join(sections))
    else:
        out.write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
