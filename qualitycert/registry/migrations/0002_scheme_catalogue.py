"""Load the scheme catalogue shipped in registry/data/schemes.json, so a fresh
database knows the schemes the plan's targets count."""

from django.db import migrations


def load(apps, schema_editor):
    from qualitycert.registry.catalogue import load_scheme_catalogue

    load_scheme_catalogue(apps.get_model("registry", "Scheme"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
