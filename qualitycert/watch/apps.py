from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    """Watchlists: e-mail and signed webhooks when a watched certificate or
    enterprise changes."""

    name = "qualitycert.watch"
    verbose_name = _("关注与通知")

    def ready(self) -> None:
        from qualitycert.registry.signals import certificate_status_changed

        from . import notify

        certificate_status_changed.connect(notify.on_certificate_status_changed,
                                           dispatch_uid="watch.watchlist_notifications")
