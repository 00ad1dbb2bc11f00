"""Every write of the credit app: atomic, audited, keyword-only `actor`."""

from .dishonesty import apply_for_repair, check_entry, decide_repair, list_dishonesty
from .facts import enter_fact, record_fact, sync_registry_facts
from .grading_models import create_draft, export_model, preview_model, publish_model, revise_draft
from .runs import grade_enterprises, recompute_digest
from .sharing import give_consent, grant_financing_access, revoke_consent, revoke_financing_access

__all__ = [
    "apply_for_repair",
    "check_entry",
    "create_draft",
    "decide_repair",
    "enter_fact",
    "export_model",
    "give_consent",
    "grade_enterprises",
    "grant_financing_access",
    "list_dishonesty",
    "preview_model",
    "publish_model",
    "recompute_digest",
    "record_fact",
    "revise_draft",
    "revoke_consent",
    "revoke_financing_access",
    "sync_registry_facts",
]
