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

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin module, django-otp's too
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's device screens edit secret keys and recovery codes directly,
        # unaudited and outside 三员分立, in English only. Staff do not need them: a
        # lost device is handled by the security administrator's audited "reset
        # second factor" action on the user list (accounts.actions.reset_second_factor),
        # and each user enrols their own device (accounts:second_factor_setup).
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
