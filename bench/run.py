"""`make bench`: run every bench/bench_*.py and write docs/benchmarks.md.

Each benchmark prints one Markdown section measured in its own run (figures as
medians and as ratios against a baseline measured in the same run), so the
page says what this machine did today, not what someone once typed in."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
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


MARK = "<!-- bench: {} -->"
SECTION = re.compile(r"^<!-- bench: (\w+) -->\n(.*?)(?=^<!-- bench: |\Z)", re.S | re.M)


def existing_sections(page: str) -> dict[str, str]:
    return {m.group(1): m.group(2).strip() + "\n" for m in SECTION.finditer(page)}


def main() -> int:
    only = set(sys.argv[1:])
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    names = [s.stem.removeprefix("bench_") for s in scripts]
    unknown = only - set(names)
    if unknown:
        print(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})",
              file=sys.stderr)
        return 2
    out = ROOT / "docs" / "benchmarks.md"
    # A partial run replaces its own sections and keeps the others as they were.
    sections = existing_sections(out.read_text(encoding="utf-8")) if only and out.exists() else {}
    failures = []
    today = dt.date.today().isoformat()
    here = machine()
    for script, name in zip(scripts, names, strict=True):
        if only and name not in only:
            continue
        print(f"== {script.name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True, check=False)
        took = time.perf_counter() - started
        if result.returncode != 0:
            failures.append(script.name)
            sections[name] = (f"## {name}\n\nFAILED (exit {result.returncode}) after "
                              f"{took:.0f} s on {today}.\n")
        else:
            sections[name] = (result.stdout.strip()
                              + f"\n\n_(measured {today} on {here}; script wall time "
                              f"{took:.0f} s)_\n")
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` (`python bench/run.py [name ...]`); last run {today}.\n\n"
        f"Machine of the last run: {here}.\n\n"
        "Every figure below was measured in the run that wrote its section (the date and "
        "machine are under each); ratios compare against a baseline measured in the same "
        "run on the same machine. Machines with the same description can differ in speed "
        "(shared hosts), so compare figures within a section, not across sections.\n"
    )
    body = "\n".join(MARK.format(name) + "\n" + sections[name]
                     for name in names if name in sections)
    out.write_text(header + "\n" + body, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
