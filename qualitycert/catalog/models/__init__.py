"""The catalog app's models: the CCC catalogue and its changes, certificate
links and production licences (catalogue), self-declarations, supervision
sampling, and market-check cases."""

from .cases import CaseOutcome, CaseSource, CaseStatus, MarketCheckCase
from .catalogue import (
    Announcement,
    CategoryChange,
    CertificateCategory,
    LinkSource,
    ProductCategory,
    ProductGroup,
    ProductionLicence,
    RiskLevel,
    Route,
)
from .declarations import (
    CatalogError,
    DeclarationStatus,
    RevocationGrounds,
    SelfDeclaration,
)
from .sampling import (
    FOLLOW_UP_FROM,
    DrawnFrom,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    PlanLevel,
    PlanStatus,
    SampleStatus,
    SamplingPlan,
    SamplingRecord,
    SamplingResult,
)

__all__ = [
    "FOLLOW_UP_FROM",
    "Announcement",
    "CaseOutcome",
    "CaseSource",
    "CaseStatus",
    "CatalogError",
    "CategoryChange",
    "CertificateCategory",
    "DeclarationStatus",
    "DrawnFrom",
    "FollowUp",
    "FollowUpKind",
    "FollowUpState",
    "LinkSource",
    "MarketCheckCase",
    "PlanLevel",
    "PlanStatus",
    "ProductCategory",
    "ProductGroup",
    "ProductionLicence",
    "RevocationGrounds",
    "RiskLevel",
    "Route",
    "SampleStatus",
    "SamplingPlan",
    "SamplingRecord",
    "SamplingResult",
    "SelfDeclaration",
]
