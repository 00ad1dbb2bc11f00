from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "qualitycert.registry"
    verbose_name = _("认证登记")
