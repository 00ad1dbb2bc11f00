"""`qualitycert import-declarations FILE`: self-declarations (自我声明) from
CSV or XLSX, all rows or none (docs/data-formats.md)."""

from qualitycert.catalog.management.import_command import CatalogImportCommand


class Command(CatalogImportCommand):
    help = "Import self-declarations (CSV/XLSX): all rows or none."
    kind = "declarations"
