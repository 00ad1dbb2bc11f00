"""Everything `log-verify` and `audit-verify` check, in the order a reader
should see what went wrong:

1. the signed checkpoints (the outsider's, and those the bureau published):
   does the tree rebuilt from the leaves' data still have each signed root at
   its signed size? If not, history was rewritten or cut;
2. the leaves themselves: no gaps, data that hashes to the stored hash,
   stored subtree hashes that match;
3. every audit entry against its leaf (named by its sequence number);
4. every certificate against the replay of its leaves (named by number and
   body);
5. the audit hash chain in insertion order (reordering), and the head row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice

from qualitycert.audit.chain import iter_breaks
from qualitycert.audit.models import AuditEntry
from qualitycert.lib import note
from qualitycert.registry.models import Certificate

from . import checkpoints, findings
from .findings import Finding
from .models import Checkpoint
from .rows import check_audit_entries, check_certificates
from .scan import scan_tree

MAX_FINDINGS = 1000


@dataclass
class Report:
    leaves: int = 0
    entries: int = 0
    certificates: int = 0
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings


def stored_checkpoints() -> tuple[list[note.Checkpoint], list[Finding]]:
    """The bureau's published checkpoints whose signatures verify with its
    published checkpoint keys; the others are findings (forged or edited)."""
    keys = checkpoints.note_keys()
    opened: list[note.Checkpoint] = []
    problems: list[Finding] = []
    for row in Checkpoint.objects.order_by("id"):
        where = f"checkpoint #{row.pk} ({row.tree_size} leaves)"
        try:
            checkpoint = note.open_checkpoint(row.note, keys)
        except note.NoteError as exc:
            problems.append(Finding(where, f"its signature does not verify ({exc})"))
            continue
        if (checkpoint.size, checkpoint.root.hex()) != (row.tree_size, row.root_hash):
            problems.append(Finding(where, "its columns differ from the signed note"))
        opened.append(checkpoint)
    return opened, problems


def verify(anchors: Sequence[note.Checkpoint] = (), *, use_stored: bool = True) -> Report:
    stored, forged = stored_checkpoints() if use_stored else ([], [])
    signed = [*anchors, *stored]
    scan = scan_tree(cp.size for cp in signed)
    report = Report(leaves=scan.size, checkpoints=len(signed),
                    entries=AuditEntry.objects.count())
    report.certificates = Certificate.objects.count()
    ordered: Iterable[Finding] = chain(
        forged, _against_checkpoints(signed, scan.size, scan.roots),
        (f for f in scan.findings if not f.where.startswith("log head")),
        check_audit_entries(), check_certificates(), _chain_breaks(),
        (f for f in scan.findings if f.where.startswith("log head")))
    report.findings = list(islice(_unique(ordered), MAX_FINDINGS))
    return report


def _against_checkpoints(signed: Sequence[note.Checkpoint], size: int,
                         roots: dict[int, bytes]) -> Iterator[Finding]:
    for checkpoint in signed:
        where = f"checkpoint of {checkpoint.size} leaves"
        if checkpoint.size > size:
            yield Finding(where, f"the log now has only {size} leaves: leaves signed for were "
                                 "removed")
        elif roots.get(checkpoint.size) != checkpoint.root:
            yield Finding(where, f"the first {checkpoint.size} leaves no longer hash to the "
                                 "signed root: history was rewritten")


def _chain_breaks() -> Iterator[Finding]:
    for broken in iter_breaks():
        where = findings.entry(broken.seq) if broken.seq is not None else "audit head"
        yield Finding(where, broken.reason)


def _unique(items: Iterable[Finding]) -> Iterator[Finding]:
    seen: set[Finding] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item
