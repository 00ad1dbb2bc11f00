"""The rows against their leaves: each audit entry and each certificate must
be exactly what the log says it is.

Both sides are read in key order (entries by seq, certificates by id; leaves
by the row they describe, then index) and merged, so memory stays flat at
millions of rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django.db.models import Min

from qualitycert.audit.chain import leaf_data
from qualitycert.audit.models import AuditEntry, LeafKind, LogLeaf
from qualitycert.registry.leaves import STATE_FIELDS, current_states

from . import findings
from .findings import Finding
from .replay import replay

PAGE = 5000
REF_WINDOW = 5000


def leaves_by_row(kind: LeafKind) -> Iterator[tuple[int, int, str]]:
    """(ref, index, data) of one kind's leaves, by ref then index: a window of
    REF_WINDOW refs at a time, each a range scan of the (kind, ref, index)
    index. A window starts at the next ref that exists, so a forged huge ref
    costs one window, not a walk through the gap."""
    leaves = LogLeaf.objects.filter(kind=kind)
    low = leaves.aggregate(low=Min("ref"))["low"]
    while low is not None:
        high = low + REF_WINDOW
        yield from (leaves.filter(ref__gte=low, ref__lt=high).order_by("ref", "index")
                    .values_list("ref", "index", "data").iterator(chunk_size=PAGE))
        low = leaves.filter(ref__gte=high).aggregate(low=Min("ref"))["low"]


def _changed_fields(stored: str, rebuilt: str) -> list[str]:
    try:
        before, after = json.loads(stored), json.loads(rebuilt)
    except ValueError:
        return ["(unreadable)"]
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def check_audit_entries() -> Iterator[Finding]:
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=PAGE)
    grouped = groupby(leaves_by_row(LeafKind.AUDIT), key=lambda leaf: leaf[0])
    entry = next(entries, None)
    group = next(grouped, None)
    while entry is not None or group is not None:
        if group is None or (entry is not None and entry.seq < group[0]):
            assert entry is not None
            yield Finding(findings.entry(entry.seq),
                          "is not in the log: the row was added to the audit table directly")
            entry = next(entries, None)
            continue
        seq, leaves = group[0], list(group[1])
        if entry is None or seq < entry.seq:
            yield Finding(findings.entry(seq), f"is in the log (leaf {leaves[0][1]}) but not in "
                                               "the audit table: the row was deleted")
        else:
            if len(leaves) > 1:
                yield Finding(findings.entry(seq),
                              f"appears {len(leaves)} times in the log (leaves "
                              f"{', '.join(str(leaf[1]) for leaf in leaves)})")
            rebuilt = leaf_data(entry)
            if leaves[0][2] != rebuilt:
                changed = _changed_fields(leaves[0][2], rebuilt)
                yield Finding(findings.entry(seq),
                              f"differs from its leaf {leaves[0][1]} in the log "
                              f"({', '.join(changed)}): edited after it was written")
            entry = next(entries, None)
        group = next(grouped, None)


def check_certificates() -> Iterator[Finding]:
    rows = current_states()
    grouped = groupby(leaves_by_row(LeafKind.CERTIFICATE), key=lambda leaf: leaf[0])
    row = next(rows, None)
    group = next(grouped, None)
    while row is not None or group is not None:
        if group is None or (row is not None and row[0] < group[0]):
            assert row is not None
            state = row[1]
            yield Finding(findings.certificate(state["number"], state["body"]),
                          "is not in the log: the row was added to the registry directly")
            row = next(rows, None)
            continue
        pk, leaves = group[0], [(index, json.loads(data)) for _, index, data in group[1]]
        last = leaves[-1][1]
        name = findings.certificate(str(last.get("number")), str(last.get("body")))
        if row is None or pk < row[0]:
            yield Finding(name, f"is in the log (leaf {leaves[-1][0]}) but not in the "
                                "registry: the row was deleted")
        else:
            yield from _compare(row[1], leaves)
            row = next(rows, None)
        group = next(grouped, None)


def _compare(state: dict[str, Any], leaves: list[tuple[int, dict[str, Any]]]
             ) -> Iterator[Finding]:
    name = findings.certificate(state["number"], state["body"])
    replayed, problem = replay(leaves)
    if problem is not None:
        yield Finding(name, problem)
        return
    assert replayed is not None
    differing = [f for f in STATE_FIELDS if state.get(f) != replayed.get(f)]
    if differing:
        detail = "; ".join(f"{f} is {state.get(f)!r} in the registry, {replayed.get(f)!r} in "
                           "the log" for f in differing)
        yield Finding(name, f"differs from the replay of its leaves (last leaf "
                            f"{leaves[-1][0]}): {detail}")

