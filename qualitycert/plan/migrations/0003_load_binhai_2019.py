"""Loads the Binhai plan (津滨政发〔2019〕16号) from plan/data/binhai_2019.json.

The file is read at migration time through the same loader as the `load_plan`
command; another plan is added by shipping its JSON and a migration like this
one (or by running `qualitycert load-plan FILE`)."""

from django.db import migrations

PLAN_FILE = "binhai_2019.json"


def load(apps, schema_editor):
    from qualitycert.plan.loading import DATA_DIR, load_plan, read_plan_file

    data = read_plan_file(DATA_DIR / PLAN_FILE)
    if apps.get_model("plan", "Plan").objects.filter(code=data["code"]).exists():
        return
    load_plan(data, lambda name: apps.get_model("plan", name))


def unload(apps, schema_editor):
    from qualitycert.plan.loading import DATA_DIR, read_plan_file

    code = read_plan_file(DATA_DIR / PLAN_FILE)["code"]
    Plan = apps.get_model("plan", "Plan")
    # Departments stay: users may already belong to them.
    for plan in Plan.objects.filter(code=code):
        apps.get_model("plan", "ProgressReport").objects.filter(
            work_item__task__plan=plan).delete()
        apps.get_model("plan", "ManualFigure").objects.filter(target__plan=plan).delete()
        apps.get_model("plan", "WorkItemUnit").objects.filter(
            work_item__task__plan=plan).delete()
        apps.get_model("plan", "WorkItem").objects.filter(task__plan=plan).delete()
        plan.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("plan", "0002_tasks_reports_targets"),
    ]

    operations = [migrations.RunPython(load, unload)]
