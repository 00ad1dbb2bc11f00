from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qualitycert.accounts"
    verbose_name = _("用户与角色")
    default = True

    def ready(self) -> None:
        from django.contrib.auth import signals

        from . import lockout, securitylog

        signals.user_login_failed.connect(lockout.on_login_failed,
                                          dispatch_uid="qc-lockout-failed")
        signals.user_logged_in.connect(lockout.on_logged_in, dispatch_uid="qc-lockout-ok")

        signals.user_login_failed.connect(securitylog.on_login_failed,
                                          dispatch_uid="qc-securitylog-failed")
        signals.user_logged_in.connect(securitylog.on_logged_in,
                                       dispatch_uid="qc-securitylog-in")
        signals.user_logged_out.connect(securitylog.on_logged_out,
                                        dispatch_uid="qc-securitylog-out")
