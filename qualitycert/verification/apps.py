from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "qualitycert.verification"
    verbose_name = _("证书查询 Verification")

    def ready(self) -> None:
        from qualitycert.registry.signals import certificate_status_changed

        from . import notify, profile, profile_watch

        profile.register()
        profile_watch.register()
        certificate_status_changed.connect(notify.on_certificate_status_changed,
                                           dispatch_uid="verification.watchlist_notifications")
