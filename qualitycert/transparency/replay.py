"""Replaying a certificate's leaves: the lifecycle rules applied to the log.

Each leaf carries the state a change left behind, so the last one is the
state the registry should show. Replay also checks that the leaves form a
lifecycle the registry could have produced: the first registers or issues the
certificate, and each later one starts from the state the one before left,
moving only as registry.models.TRANSITIONS allows.
"""

from __future__ import annotations

from typing import Any

from qualitycert.registry.leaves import REGISTER, RELATED_EVENTS, STATE_FIELDS
from qualitycert.registry.models import TRANSITIONS, CertificateStatus, EventKind

FIRST_EVENTS = frozenset({EventKind.ISSUE.value, REGISTER})
KINDS = {kind.value: kind for kind in TRANSITIONS}


def replay(leaves: list[tuple[int, dict[str, Any]]]
           ) -> tuple[dict[str, Any] | None, str | None]:
    """(final state, None), or (None, why the leaves are not a lifecycle)."""
    previous: dict[str, Any] | None = None
    for index, leaf in leaves:
        problem = _step(previous, leaf)
        if problem is not None:
            return None, f"leaf {index} ({leaf.get('event')}): {problem}"
        previous = leaf
    assert previous is not None
    return {name: previous.get(name) for name in STATE_FIELDS}, None


def _step(previous: dict[str, Any] | None, leaf: dict[str, Any]) -> str | None:
    event, status, before = leaf.get("event"), leaf.get("status"), leaf.get("previous_status")
    if status not in CertificateStatus.values:
        return f"unknown status {status!r}"
    if previous is None:
        if event not in FIRST_EVENTS or before != "":
            return "the first leaf of a certificate must issue or register it"
        if event == EventKind.ISSUE.value and status != CertificateStatus.VALID:
            return "a certificate is issued valid"
        return None
    if leaf.get("number") != previous.get("number"):
        return "the certificate number changed between leaves"
    if before != previous["status"]:
        return (f"starts from {before!r}, but the leaf before left the certificate "
                f"{previous['status']!r}")
    if event in RELATED_EVENTS:
        return None if status == before else "a rename cannot change the status"
    kind = KINDS.get(event or "")
    if kind is None:
        return "not a lifecycle step that follows issue"
    allowed, target = TRANSITIONS[kind]
    if before not in allowed:
        return f"'{event}' is not allowed from {before!r}"
    expected = before if target is None else target
    if status != expected:
        return f"'{event}' from {before!r} leads to {expected!r}, the leaf says {status!r}"
    return None
