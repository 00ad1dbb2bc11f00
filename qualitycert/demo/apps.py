from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data generators. No app imports this one; only its
    commands (`seed-demo`, `seed-inspections-demo`) and the tests do."""

    name = "qualitycert.demo"
    verbose_name = _("演示数据")
