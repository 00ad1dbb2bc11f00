"""The plan's countable programmes as records (issue 15): designations and
quality marks (designations.py), certificate particulars and edition
transitions (certificates.py), training, people of the bodies and their
integrity archive (people.py), adoption and tracked coverage lists
(coverage.py)."""

from .certificates import CertificateParticulars, EditionTransition
from .coverage import (
    AdopterKind,
    Adoption,
    AdoptionMethod,
    CheckVolume,
    DepartmentQMS,
    KeyEnergyUser,
)
from .designations import (
    Designation,
    DesignationKind,
    DesignationLevel,
    GIKind,
    GIProduct,
    MarkKind,
    QualityMark,
)
from .people import (
    BodyCommitment,
    BodyFinding,
    BodyPerson,
    FindingSource,
    PersonRole,
    TrainingAudience,
    TrainingSession,
)

__all__ = [
    "AdopterKind",
    "Adoption",
    "AdoptionMethod",
    "BodyCommitment",
    "BodyFinding",
    "BodyPerson",
    "CertificateParticulars",
    "CheckVolume",
    "DepartmentQMS",
    "Designation",
    "DesignationKind",
    "DesignationLevel",
    "EditionTransition",
    "FindingSource",
    "GIKind",
    "GIProduct",
    "KeyEnergyUser",
    "MarkKind",
    "PersonRole",
    "QualityMark",
    "TrainingAudience",
    "TrainingSession",
]
