"""The geographical-indication target (地理标志证明商标和地理标志保护产品 5件)
is counted from GI records (the programmes app, issue 15) instead of figures
entered by hand. Figures already entered stay in the database (ManualFigure
rows are kept, and switching back restores them as the target's source)."""

from django.db import migrations, models

GI_TARGET = "geographical_indications"


def to_records(apps, schema_editor):
    Target = apps.get_model("plan", "Target")
    Target.objects.filter(code=GI_TARGET, indicator="manual").update(
        indicator="records", params={"measure": "gi_products"})


def to_manual(apps, schema_editor):
    Target = apps.get_model("plan", "Target")
    Target.objects.filter(code=GI_TARGET, indicator="records").update(
        indicator="manual", params={})


class Migration(migrations.Migration):

    dependencies = [
        ("plan", "0005_drop_snapshot_met"),
    ]

    operations = [
        migrations.AlterField(
            model_name="target",
            name="indicator",
            field=models.CharField(
                choices=[
                    ("certified_enterprises",
                     "获证企业数（某类认证有效证书）enterprises with a valid certificate of a category"),
                    ("tech_leader_brand_share",
                     "科技领军企业自主品牌占比 share of technology leaders owning a brand"),
                    ("sampling_pass_rate", "监督抽查合格率 product-sampling pass rate"),
                    ("manual", "人工填报（注明来源）entered by hand with its source"),
                    ("records", "专项记录计数 counted from programme records"),
                ],
                max_length=40, verbose_name="测算口径 indicator"),
        ),
        migrations.RunPython(to_records, to_manual),
    ]
