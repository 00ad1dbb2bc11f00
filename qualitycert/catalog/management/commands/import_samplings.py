"""`qualitycert import-samplings FILE`: supervision-sampling results (监督抽查)
from CSV or XLSX, all rows or none (docs/data-formats.md)."""

from qualitycert.catalog.management.import_command import CatalogImportCommand


class Command(CatalogImportCommand):
    help = "Import supervision-sampling results (CSV/XLSX): all rows or none."
    kind = "samplings"
