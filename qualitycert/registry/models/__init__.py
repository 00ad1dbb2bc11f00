"""The authoritative registry: who is certified for what, by whom.

Sizing: the indexes are chosen for a national-scale table (4.2 M certificates,
50 M enterprises). Every public lookup is by an exact normalised key
(certificate number, USCC, approval number) or by holder; every supervisor
list is by status with a date.
"""

from .certificates import Certificate, CertificateEvent
from .imports import (
    ImportBatch,
    ImportKind,
    ImportOutcome,
)
from .lifecycle import (
    TRANSITIONS,
    CertificateStatus,
    Decision,
    EventKind,
    InvalidTransition,
    RegistryError,
    StepRefused,
)
from .organisations import (
    BodySchemeApproval,
    BodyStatus,
    CertificationBody,
    Enterprise,
    EnterpriseName,
    EnterpriseSize,
    Lab,
    LabStatus,
    LegalStatus,
    Scheme,
    SchemeCategory,
)
from .reasons import REASONS, ReasonCode, StatusReason, display_reason, reasons_for

__all__ = [
    "REASONS",
    "TRANSITIONS",
    "BodySchemeApproval",
    "BodyStatus",
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "CertificationBody",
    "Decision",
    "Enterprise",
    "EnterpriseName",
    "EnterpriseSize",
    "EventKind",
    "ImportBatch",
    "ImportKind",
    "ImportOutcome",
    "InvalidTransition",
    "Lab",
    "LabStatus",
    "LegalStatus",
    "ReasonCode",
    "RegistryError",
    "Scheme",
    "SchemeCategory",
    "StatusReason",
    "StepRefused",
    "display_reason",
    "reasons_for",
]
