from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "qualitycert.verification"
    verbose_name = _("证书查询")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .lookup_cache import connect_invalidation

        connect_invalidation()
