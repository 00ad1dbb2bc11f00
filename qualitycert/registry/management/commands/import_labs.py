from qualitycert.registry.importers import ImportKind
from qualitycert.registry.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import inspection and testing labs (CSV/XLSX) by CMA number: all rows or none."
    kind = ImportKind.LABS
