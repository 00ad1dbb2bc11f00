"""`qualitycert import-catalogue FILE`: the CCC catalogue and its dated
changes from CSV or XLSX, all rows or none (docs/data-formats.md)."""

from qualitycert.catalog.management.import_command import CatalogImportCommand


class Command(CatalogImportCommand):
    help = "Import the CCC catalogue and its dated changes (CSV/XLSX): all rows or none."
    kind = "catalogue"
