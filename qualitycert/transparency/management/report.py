"""How audit-verify and log-verify print what verify() found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from qualitycert.transparency.verify import Report


def print_report(out: Any, report: Report, *, label: str, show: int) -> None:
    """Write the summary; raise CommandError (exit 1) naming the first finding."""
    if report.intact:
        out.write(f"{label}完整 intact: {report.entries} entries verified, {report.leaves} log "
                  f"leaves, {report.certificates} certificates replayed, "
                  f"{report.checkpoints} checkpoints matched")
        return
    first, rest = report.findings[0], report.findings[1:]
    for finding in rest[:max(show - 1, 0)]:
        out.write(f"  - {finding}")
    if len(rest) > show - 1:
        out.write(f"  … {len(rest) - max(show - 1, 0)} more")
    raise CommandError(f"{label}已被篡改 is NOT intact — first bad {first} "
                       f"({len(report.findings)} findings)")
