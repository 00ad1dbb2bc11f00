from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qualitycert.accounts"
    verbose_name = _("用户与角色 Accounts")
    default = True

    def ready(self) -> None:
        from django.contrib.auth import signals

        from . import lockout

        signals.user_login_failed.connect(lockout.on_login_failed,
                                          dispatch_uid="qc-lockout-failed")
        signals.user_logged_in.connect(lockout.on_logged_in, dispatch_uid="qc-lockout-ok")


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Name this in INSTALLED_APPS instead of "django.contrib.admin" (see site.py)."""

    default = False  # never picked as qualitycert.accounts' own config
    default_site = "qualitycert.accounts.site.BackOfficeSite"
