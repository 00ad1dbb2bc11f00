from qualitycert.registry.importers import ImportKind
from qualitycert.registry.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import certificates (CSV/XLSX): all rows or none; exit 1 on any invalid row, 2 on an unreadable file."
    kind = ImportKind.CERTIFICATES
