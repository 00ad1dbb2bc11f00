"""Existing audit entries and certificates enter the transparency log once
(qualitycert/transparency/backfill.py); a fresh database has none."""

from django.db import migrations


def forwards(apps, schema_editor):
    from qualitycert.transparency.backfill import backfill

    backfill(apps.get_model("audit", "AuditEntry"))


class Migration(migrations.Migration):

    dependencies = [
        ("transparency", "0001_initial"),
        ("audit", "0002_transparency_log"),
        ("registry", "0003_import_batch"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
