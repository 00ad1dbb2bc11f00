from django.core.management.base import BaseCommand, CommandError

from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 0 if intact, else name the first bad entry."

    def handle(self, *args: object, **options: object) -> None:
        broken = first_break()
        if broken is not None:
            raise CommandError(f"审计日志已被篡改 audit log is NOT intact — first bad {broken}")
        count = AuditEntry.objects.count()
        self.stdout.write(f"审计日志完整 audit log intact: {count} entries verified")
