"""Load the notices shipped in workcalendar/data/arrangements.json (2004–2026),
so a fresh database counts working days as the State Council set them."""

from django.db import migrations


def load(apps, schema_editor):
    from qualitycert.workcalendar.loading import load_shipped_arrangements

    load_shipped_arrangements(apps.get_model("workcalendar", "HolidayArrangement"),
                              apps.get_model("workcalendar", "ArrangementDay"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
