from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    """Supplier lists and the batch check (采信): what procurement units use to
    adopt certification results."""

    name = "qualitycert.procurement"
    verbose_name = _("采购核验")
