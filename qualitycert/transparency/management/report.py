"""How audit-verify and log-verify print what verify() found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from qualitycert.transparency.verify import Report


def print_report(out: Any, report: Report, *, label: str, show: int) -> None:
    """Write the summary; raise CommandError (exit 1) naming the first finding."""
    if report.intact:
        out.write(_("%(label)s完整：核验 %(entries)s 条记录、%(leaves)s 个日志叶，重放 "
                    "%(certificates)s 张证书，%(checkpoints)s 个检查点一致") % {
            "label": label, "entries": report.entries, "leaves": report.leaves,
            "certificates": report.certificates, "checkpoints": report.checkpoints})
        return
    first, rest = report.findings[0], report.findings[1:]
    for finding in rest[:max(show - 1, 0)]:
        out.write(f"  - {finding}")
    if len(rest) > show - 1:
        out.write("  … " + _("另有 %(n)s 处") % {"n": len(rest) - max(show - 1, 0)})
    raise CommandError(_("%(label)s已被篡改：第一处问题是 %(first)s（共 %(n)s 处）") % {
        "label": label, "first": first, "n": len(report.findings)})
