"""The catalog's imports, all rows or none: the CCC catalogue, self-declarations
and sampling results (docs/data-formats.md describes their columns).

    from qualitycert.catalog.importers import KINDS
    result = KINDS["samplings"].run(path, actor=user, filename="抽查结果.xlsx")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor

from . import catalogue, declarations, samplings
from .common import Column, ImportResult, RowError, TableError
from .samplings import import_samplings


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: Promise
    columns: tuple[Column, ...]
    run: Callable[..., ImportResult]


def _samplings(path: str | Path, *, actor: Actor, filename: str | None = None) -> ImportResult:
    return import_samplings(path, actor=actor, filename=filename)


KINDS: dict[str, ImportKind] = {
    "catalogue": ImportKind("catalogue", _("强制性产品认证目录"), catalogue.COLUMNS,
                            catalogue.import_catalogue),
    "declarations": ImportKind("declarations", _("自我声明"), declarations.COLUMNS,
                               declarations.import_declarations),
    "samplings": ImportKind("samplings", _("监督抽查结果"), samplings.COLUMNS, _samplings),
}

__all__ = ["KINDS", "Column", "ImportKind", "ImportResult", "RowError", "TableError",
           "import_samplings"]
