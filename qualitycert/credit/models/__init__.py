"""The credit app's models: the archive's facts, grading models, runs and
grades, the dishonesty list and credit repair."""

from .dishonesty import (
    Criterion,
    DishonestyEntry,
    EntrySource,
    Measure,
    RepairRequest,
    RepairStatus,
)
from .facts import Fact, FactKind, FactSource
from .grades import (
    CreditError,
    CreditGrade,
    Grade,
    GradingModel,
    GradingRun,
    ImmutableModel,
    ModelStatus,
)
from .sharing import FinancingAccess, InstitutionKind, ShareThreshold, SharingConsent

__all__ = [
    "CreditError",
    "CreditGrade",
    "Criterion",
    "DishonestyEntry",
    "EntrySource",
    "Fact",
    "FactKind",
    "FactSource",
    "FinancingAccess",
    "Grade",
    "GradingModel",
    "GradingRun",
    "ImmutableModel",
    "InstitutionKind",
    "Measure",
    "ModelStatus",
    "RepairRequest",
    "RepairStatus",
    "ShareThreshold",
    "SharingConsent",
]
