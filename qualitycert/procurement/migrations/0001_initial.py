"""Models moved here from the verification app (issue 10); their tables keep
their names until 0002."""

from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep the content types (and any permissions on them) of the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ['suppliercheck']:
        ContentType.objects.filter(app_label="verification", model=model).update(
            app_label="procurement")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('verification', '0003_signed_links'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (made under the old app); only Django's
            # record of which app owns the models changes here.
            state_operations=[
                migrations.CreateModel(
                    name='SupplierCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token_digest', models.CharField(editable=False, max_length=64, unique=True)),
                        ('file_name', models.CharField(max_length=200, verbose_name='文件名 file name')),
                        ('row_count', models.PositiveIntegerField(verbose_name='行数 rows')),
                        ('counts', models.JSONField(default=dict, verbose_name='各结论数量 verdict counts')),
                        ('result_xlsx', models.BinaryField()),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='核验时间 checked at')),
                        ('expires_at', models.DateTimeField(db_index=True, verbose_name='过期时间 expires at')),
                    ],
                    options={
                        'verbose_name': '供应商名单核验结果 supplier-list result',
                        'verbose_name_plural': '供应商名单核验结果 supplier-list results',
                        'db_table': 'verification_suppliercheck',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
