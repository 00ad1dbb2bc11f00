"""`make lint`'s dependency audit: pip-audit over the pinned requirements.

pip-audit asks a vulnerability service (PyPI's JSON API by default) about
each pin. When the service answers, a known vulnerability fails the lint
unless pip-audit-exceptions.toml names it with a reason. When it cannot
answer -- no network, or (as on the project's build machines, whose package
index serves versions PyPI's JSON API has no record of) no record of the
pinned versions -- nothing is known, and this says so plainly instead of
passing quietly or failing at random; QC_PIP_AUDIT_STRICT=1 makes that a
failure too. Why: docs/decisions/0013-supply-chain-checks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
EXCEPTIONS = ROOT / "pip-audit-exceptions.toml"


def exceptions() -> dict[str, str]:
    """Vulnerability id -> why it does not apply here."""
    if not EXCEPTIONS.exists():
        return {}
    entries = tomllib.loads(EXCEPTIONS.read_text(encoding="utf-8")).get("exception", [])
    missing = [entry.get("id", "?") for entry in entries if not entry.get("why", "").strip()]
    if missing:
        raise SystemExit(f"{EXCEPTIONS.name}: every exception needs a 'why': {missing}")
    return {entry["id"]: entry["why"] for entry in entries}


def main() -> int:
    strict = os.environ.get("QC_PIP_AUDIT_STRICT") == "1"
    ignored = exceptions()
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner",
               "off", "--no-deps", "--disable-pip"]
    for requirement in REQUIREMENTS:
        command += ["-r", str(ROOT / requirement)]
    for vulnerability in ignored:
        command += ["--ignore-vuln", vulnerability]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603 # nosec B603 # our own fixed command
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit: the vulnerability service could not be reached ({reason}); "
              "the pinned requirements were NOT audited.")
        return 1 if strict else 0
    audited, unknown, found = [], [], []
    for dependency in report.get("dependencies", []):
        pin = f"{dependency['name']}=={dependency.get('version', '?')}"
        if "skip_reason" in dependency:
            unknown.append(dependency["name"])
            continue
        audited.append(pin)
        found += [(pin, vuln["id"], ", ".join(vuln.get("fix_versions", [])) or "no fix yet")
                  for vuln in dependency.get("vulns", [])]
    for pin, vulnerability, fixes in found:
        print(f"pip-audit: {pin} has {vulnerability} (fixed in: {fixes})")
    if ignored:
        print(f"pip-audit: {len(ignored)} exception(s) from {EXCEPTIONS.name}: "
              f"{', '.join(sorted(ignored))}")
    if unknown:
        print(f"pip-audit: {len(unknown)} of {len(unknown) + len(audited)} pins could not be "
              "audited: the vulnerability service has no record of these versions "
              f"({', '.join(sorted(unknown)[:8])}{' …' if len(unknown) > 8 else ''}). "
              "Their vulnerabilities are unknown, not absent.")
    if found:
        print("pip-audit: upgrade the pins (make requirements) or add an exception with a why.")
        return 1
    if unknown and strict:
        return 1
    if audited:
        print(f"pip-audit: {len(audited)} pins audited, no known vulnerability.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
