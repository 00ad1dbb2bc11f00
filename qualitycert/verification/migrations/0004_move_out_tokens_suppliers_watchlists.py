"""API tokens, supplier checks and watchlists moved to their own apps (issue 10)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_initial'),
        ('procurement', '0001_initial'),
        ('watch', '0001_initial'),
        ('verification', '0003_signed_links'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (made under the old app); only Django's
            # record of which app owns the models changes here.
            state_operations=[
                migrations.RemoveField(
                    model_name='apitoken',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='watch',
                ),
                migrations.RemoveField(
                    model_name='deliveryattempt',
                    name='delivery',
                ),
                migrations.DeleteModel(
                    name='SupplierCheck',
                ),
                migrations.RemoveField(
                    model_name='watch',
                    name='certificate',
                ),
                migrations.RemoveField(
                    model_name='watch',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='watch',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='webhookendpoint',
                    name='owner',
                ),
                migrations.DeleteModel(
                    name='ApiToken',
                ),
                migrations.DeleteModel(
                    name='Delivery',
                ),
                migrations.DeleteModel(
                    name='DeliveryAttempt',
                ),
                migrations.DeleteModel(
                    name='Watch',
                ),
                migrations.DeleteModel(
                    name='WebhookEndpoint',
                ),
            ],
            database_operations=[],
        ),
    ]
