from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "qualitycert.workcalendar"
    verbose_name = _("节假日安排")
