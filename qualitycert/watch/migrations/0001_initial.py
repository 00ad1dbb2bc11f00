"""Models moved here from the verification app (issue 10); their tables keep
their names until 0002."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep the content types (and any permissions on them) of the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ['watch', 'webhookendpoint', 'delivery', 'deliveryattempt']:
        ContentType.objects.filter(app_label="verification", model=model).update(
            app_label="watch")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('verification', '0003_signed_links'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0003_import_batch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (made under the old app); only Django's
            # record of which app owns the models changes here.
            state_operations=[
                migrations.CreateModel(
                    name='Watch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='关注时间 watching since')),
                        ('certificate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.certificate', verbose_name='证书 certificate')),
                        ('enterprise', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.enterprise', verbose_name='企业 enterprise')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='watches', to=settings.AUTH_USER_MODEL, verbose_name='关注人 owner')),
                    ],
                    options={
                        'verbose_name': '关注 watch',
                        'verbose_name_plural': '关注 watches',
                        'db_table': 'verification_watch',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('delivery_id', models.UUIDField(editable=False, unique=True, verbose_name='投递标识 delivery id')),
                        ('body', models.TextField(editable=False)),
                        ('status', models.CharField(choices=[('pending', '待发送 Pending'), ('delivered', '已送达 Delivered'), ('failed', '发送失败 Failed'), ('no_webhook', '未设回调，仅邮件 No webhook (e-mail only)')], default='pending', max_length=12, verbose_name='状态 status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='尝试次数 attempts')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='下次尝试 next attempt')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='最近尝试 last attempt')),
                        ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='最近状态码 last status code')),
                        ('last_error', models.CharField(blank=True, max_length=300, verbose_name='最近错误 last error')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='送达时间 delivered at')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='邮件发送时间 e-mailed at')),
                        ('email_error', models.CharField(blank=True, max_length=300, verbose_name='邮件错误 e-mail error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间 created')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.certificateevent', verbose_name='证书事件 event')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='关注人 owner')),
                        ('watch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='watch.watch', verbose_name='关注 watch')),
                    ],
                    options={
                        'verbose_name': '通知投递 delivery',
                        'verbose_name_plural': '通知投递 deliveries',
                        'db_table': 'verification_delivery',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('url', models.CharField(blank=True, max_length=500, verbose_name='回调地址 webhook URL')),
                        ('sealed_secret', models.TextField(blank=True, editable=False)),
                        ('secret_prefix', models.CharField(blank=True, editable=False, max_length=12, verbose_name='密钥前缀 secret prefix')),
                        ('secret_created_at', models.DateTimeField(blank=True, null=True, verbose_name='密钥生成时间 secret created')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('owner', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_endpoint', to=settings.AUTH_USER_MODEL, verbose_name='所属用户 owner')),
                    ],
                    options={
                        'verbose_name': '回调设置 webhook endpoint',
                        'verbose_name_plural': '回调设置 webhook endpoints',
                        'db_table': 'verification_webhookendpoint',
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='第几次 attempt')),
                        ('at', models.DateTimeField(verbose_name='时间 at')),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='状态码 status code')),
                        ('error', models.CharField(blank=True, max_length=300, verbose_name='错误 error')),
                        ('duration_ms', models.PositiveIntegerField(default=0, verbose_name='耗时（毫秒）duration (ms)')),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempt_log', to='watch.delivery')),
                    ],
                    options={
                        'verbose_name': '投递尝试 delivery attempt',
                        'verbose_name_plural': '投递尝试 delivery attempts',
                        'db_table': 'verification_deliveryattempt',
                        'ordering': ['delivery', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('delivery', 'number'), name='attempt_number_once')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='watch',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('certificate__isnull', False), ('enterprise__isnull', True)), models.Q(('certificate__isnull', True), ('enterprise__isnull', False)), _connector='OR'), name='watch_exactly_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='watch',
                    constraint=models.UniqueConstraint(condition=models.Q(('certificate__isnull', False)), fields=('owner', 'certificate'), name='watch_once_per_certificate'),
                ),
                migrations.AddConstraint(
                    model_name='watch',
                    constraint=models.UniqueConstraint(condition=models.Q(('enterprise__isnull', False)), fields=('owner', 'enterprise'), name='watch_once_per_enterprise'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='delivery_due'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['owner', 'created_at'], name='delivery_owner_created'),
                ),
                migrations.AddConstraint(
                    model_name='delivery',
                    constraint=models.UniqueConstraint(fields=('watch', 'event'), name='delivery_once_per_change'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
