"""Load the scheme catalogue shipped in registry/data/schemes.json, so a fresh
database knows the schemes the plan's targets count."""

import json
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "schemes.json"


def load(apps, schema_editor):
    Scheme = apps.get_model("registry", "Scheme")
    for row in json.loads(CATALOGUE.read_text(encoding="utf-8")):
        code = row.pop("code")
        Scheme.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
