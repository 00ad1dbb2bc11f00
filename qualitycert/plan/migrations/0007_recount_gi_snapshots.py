"""The GI target's stored quarter-end values (TargetSnapshot) were taken from
figures entered by hand; since 0006 the target counts GI records. Those rows
are a cache of computed values: dropping them makes the dashboard recompute
the days from the records on first view (and `snapshot-targets` nightly), so
the trend does not mix the two sources. The hand-entered figures themselves
(ManualFigure) are untouched."""

from django.db import migrations

GI_TARGET = "geographical_indications"
RECORDS_SOURCE = "地理标志记录"


def forget_hand_values(apps, schema_editor):
    TargetSnapshot = apps.get_model("plan", "TargetSnapshot")
    (TargetSnapshot.objects.filter(code=GI_TARGET)
     .exclude(source__startswith=RECORDS_SOURCE).delete())


class Migration(migrations.Migration):

    dependencies = [
        ("plan", "0006_gi_target_from_records"),
    ]

    operations = [migrations.RunPython(forget_hand_values, migrations.RunPython.noop)]
