from qualitycert.registry.importers import ImportKind
from qualitycert.registry.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import enterprises (CSV/XLSX) by USCC: all rows or none; exit 1 on any invalid row, 2 on an unreadable file."
    kind = ImportKind.ENTERPRISES
