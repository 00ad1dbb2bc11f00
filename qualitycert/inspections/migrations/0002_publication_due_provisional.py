"""publication_due_estimated (Monday–Friday fallback) becomes
publication_due_provisional (statutory holidays only, the year's notice not
entered). A row flagged before keeps its flag, so it is shown as provisional
until `qualitycert recompute-deadlines` counts it again by the new rules."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='inspectionresult',
            old_name='publication_due_estimated',
            new_name='publication_due_provisional',
        ),
        migrations.AlterField(
            model_name='inspectionresult',
            name='publication_due_provisional',
            field=models.BooleanField(default=False, verbose_name='公示期限待重新计算'),
        ),
    ]
