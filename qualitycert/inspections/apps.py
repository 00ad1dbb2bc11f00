from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qualitycert.inspections"
    verbose_name = _("双随机抽查")

    def ready(self) -> None:
        from qualitycert.workcalendar.signals import working_calendar_changed

        from .actions.deadlines import on_working_calendar_changed

        working_calendar_changed.connect(on_working_calendar_changed,
                                         dispatch_uid="inspections-publication-deadlines")
