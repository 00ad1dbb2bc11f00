"""Models moved here from the verification app (issue 10); their tables keep
their names until 0002."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep the content types (and any permissions on them) of the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ['apitoken']:
        ContentType.objects.filter(app_label="verification", model=model).update(
            app_label="api")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('verification', '0003_signed_links'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (made under the old app); only Django's
            # record of which app owns the models changes here.
            state_operations=[
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='名称 name')),
                        ('token_digest', models.CharField(editable=False, max_length=64, unique=True)),
                        ('token_prefix', models.CharField(editable=False, max_length=12, verbose_name='令牌前缀 prefix')),
                        ('rate_limit_per_minute', models.PositiveIntegerField(default=600, verbose_name='每分钟请求上限 requests per minute')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间 created')),
                        ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='最近使用 last used')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间 revoked')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='所属用户 owner')),
                    ],
                    options={
                        'verbose_name': '接口令牌 API token',
                        'verbose_name_plural': '接口令牌 API tokens',
                        'db_table': 'verification_apitoken',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
