"""The authoritative registry: who is certified for what, by whom.

Sizing: the indexes are chosen for a national-scale table (4.2 M certificates,
50 M enterprises). Every public lookup is by an exact normalised key
(certificate number, USCC, approval number) or by holder; every supervisor
list is by status with a date.
"""

from .certificates import (
    TRANSITIONS,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    InvalidTransition,
)
from .imports import (
    ImportBatch,
    ImportKind,
    ImportOutcome,
)
from .organisations import (
    BodySchemeApproval,
    BodyStatus,
    CertificationBody,
    Enterprise,
    EnterpriseSize,
    Lab,
    LabStatus,
    LegalStatus,
    Scheme,
    SchemeCategory,
)

__all__ = [
    "TRANSITIONS",
    "BodySchemeApproval",
    "BodyStatus",
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "CertificationBody",
    "Enterprise",
    "EnterpriseSize",
    "EventKind",
    "ImportBatch",
    "ImportKind",
    "ImportOutcome",
    "InvalidTransition",
    "Lab",
    "LabStatus",
    "LegalStatus",
    "Scheme",
    "SchemeCategory",
]
