from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The back office: the admin site, its base classes and the staff home."""

    name = "qualitycert.backoffice"
    verbose_name = _("后台")
    default = True


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Name this in INSTALLED_APPS instead of "django.contrib.admin" (see site.py)."""

    default = False  # never picked as qualitycert.backoffice's own config
    default_site = "qualitycert.backoffice.site.BackOfficeSite"
