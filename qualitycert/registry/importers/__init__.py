"""Registry imports: certificates, enterprises, certification bodies and labs
from CSV or XLSX, all rows or none, with a row-level error report.

    from qualitycert.registry.importers import run_import
    result = run_import("certificates", path, actor=Actor.of(user))

docs/data-formats.md describes the columns and the audit design.
"""

from __future__ import annotations

from qualitycert.lib.tabular import TableError

from ..models import ImportBatch, ImportKind, ImportOutcome
from .permissions import ImportNotAllowed, kinds_allowed
from .report import ImportResult, RowError, write_report_xlsx
from .runner import columns_for, run_import

__all__ = [
    "ImportBatch",
    "ImportKind",
    "ImportNotAllowed",
    "ImportOutcome",
    "ImportResult",
    "RowError",
    "TableError",
    "columns_for",
    "kinds_allowed",
    "run_import",
    "write_report_xlsx",
]
