from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "qualitycert.plan"
    verbose_name = _("实施方案")
