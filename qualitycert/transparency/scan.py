"""Rebuilding the tree from the leaves' data, as an outsider would.

One pass over the leaves in index order: every leaf's hash is recomputed from
its canonical bytes, the subtree hashes the leaf keeps are recomputed from
those, and the root is taken at every size someone signed. Nothing stored is
trusted but the data; the stored hashes are compared, not used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from qualitycert.audit.models import AuditHead, LogLeaf
from qualitycert.lib import merkle

from .findings import Finding

PAGE = 5000


@dataclass
class TreeScan:
    size: int = 0
    roots: dict[int, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def scan_tree(sizes: Iterable[int] = ()) -> TreeScan:
    wanted = set(sizes)
    result = TreeScan()
    frontier = merkle.Frontier()
    if 0 in wanted:
        result.roots[0] = merkle.EMPTY_ROOT
    last = -1
    while True:
        page = list(LogLeaf.objects.filter(index__gt=last).order_by("index").values_list(
            "index", "data", "leaf_hash", "subtrees")[:PAGE])
        for index, data, stored_hash, stored_subtrees in page:
            if index != frontier.size:
                # A gap: the tree cannot be rebuilt past it.
                result.findings.append(Finding(
                    f"leaf {frontier.size}",
                    f"missing from the log (the next leaf stored is {index}): leaves were "
                    "deleted"))
                result.size = frontier.size
                return _finish(result)
            digest = merkle.leaf_hash(data.encode("utf-8"))
            if digest != bytes(stored_hash):
                result.findings.append(Finding(
                    f"leaf {index}", "its data does not hash to its stored leaf hash: the "
                    "leaf's data was edited"))
            completed = frontier.append(digest)
            if b"".join(completed) != bytes(stored_subtrees):
                result.findings.append(Finding(
                    f"leaf {index}", "the subtree hashes stored with it differ from those "
                    "of the leaves before it: the stored tree was edited"))
            if frontier.size in wanted:
                result.roots[frontier.size] = frontier.root()
        if len(page) < PAGE:
            break
        last = page[-1][0]
    result.size = frontier.size
    return _finish(result)


def _finish(result: TreeScan) -> TreeScan:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if result.size:
            result.findings.append(Finding("log head", "the head row is missing (deleted)"))
    elif head.tree_size != result.size:
        result.findings.append(Finding(
            "log head", f"records {head.tree_size} leaves, the log holds {result.size}"))
    return result
