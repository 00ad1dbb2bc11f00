from qualitycert.registry.importers import ImportKind
from qualitycert.registry.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import certification bodies and their scheme approvals (CSV/XLSX): all rows or none."
    kind = ImportKind.BODIES
