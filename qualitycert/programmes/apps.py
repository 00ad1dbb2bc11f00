from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "qualitycert.programmes"
    verbose_name = _("实施方案专项工作")

    def ready(self) -> None:
        # The plan sits below this app, so it cannot import the records a
        # target is counted from; it asks for a named measure instead
        # (docs/decisions/0016-programme-records.md).
        from qualitycert.plan.counts import register_task_counts
        from qualitycert.plan.targets import register_measure

        from .indicators import gi_products_measure, public_task_indicators

        register_measure("gi_products", gi_products_measure)
        # The plan's own pages show each task's counts (the public answer, cached).
        register_task_counts(public_task_indicators)
