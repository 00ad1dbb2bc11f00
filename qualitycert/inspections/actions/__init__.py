"""Every write of the inspections app: named, atomic, audited actions with a
keyword-only ``actor``. Split by part: libraries, plans (commit, draw),
results."""

from .deadlines import MovedDeadline, recompute_publication_deadlines
from .libraries import (
    RefreshSummary,
    declare_conflict,
    refresh_target_library,
    set_target_risk_class,
)
from .plans import (
    PlanSpec,
    close_plan,
    commit_plan,
    create_plan,
    draw_plan,
    update_plan,
    validate_spec,
)
from .results import (
    MAX_ATTACHMENT_BYTES,
    accept_result,
    add_attachment,
    cosign_result,
    publish_result,
    return_result,
    save_result,
    sniff_attachment,
    submit_result,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MovedDeadline",
    "PlanSpec",
    "RefreshSummary",
    "accept_result",
    "add_attachment",
    "close_plan",
    "commit_plan",
    "cosign_result",
    "create_plan",
    "declare_conflict",
    "draw_plan",
    "publish_result",
    "recompute_publication_deadlines",
    "refresh_target_library",
    "return_result",
    "save_result",
    "set_target_risk_class",
    "sniff_attachment",
    "submit_result",
    "update_plan",
    "validate_spec",
]
