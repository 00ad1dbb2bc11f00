"""The notices in the back office: bureau staff read them, admins and
supervisors enter a new one (or an amendment, which supersedes the notice in
force for its year). Nothing is edited or deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import BUREAU, NOBODY
from qualitycert.backoffice.base import RoleScopedAdmin, acting_user
from qualitycert.lib.day_lists import format_days

from .actions import enter_arrangement
from .forms import ArrangementForm
from .models import DayKind, HolidayArrangement

ADD_FIELDS = ("year", "document_number", "published_on", "title", "days_off", "working_days",
              "note")
VIEW_FIELDS = ("year", "title", "document_number", "published_on", "note", "days_off_list",
               "working_days_list", "source", "entered_by", "entered_at", "status")


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = NOBODY
    delete_roles = NOBODY
    form = ArrangementForm
    list_display = ("year", "document_number", "published_on", "source", "status",
                    "entered_by", "entered_at")
    list_filter = ("source",)
    list_select_related = ("entered_by", "superseded_by")
    search_fields = ("document_number", "title")
    ordering = ("-year", "-entered_at", "-pk")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ADD_FIELDS if obj is None else VIEW_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else VIEW_FIELDS

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("days")

    @admin.display(description=_("状态"))
    def status(self, obj: HolidayArrangement) -> str:
        if obj.is_current:
            return str(_("现行"))
        return str(_("已被 %(notice)s 取代") % {"notice": obj.superseded_by or "—"})

    def _days(self, obj: HolidayArrangement, kind: DayKind) -> Any:
        lines = format_days(obj.days_of(kind)).splitlines()
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines)) or "—"

    @admin.display(description=_("放假日期"))
    def days_off_list(self, obj: HolidayArrangement) -> Any:
        return self._days(obj, DayKind.OFF)

    @admin.display(description=_("调休上班日期"))
    def working_days_list(self, obj: HolidayArrangement) -> Any:
        return self._days(obj, DayKind.WORK)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        assert isinstance(form, ArrangementForm) and form.record is not None
        outcome = enter_arrangement(form.record, actor=Actor.of(acting_user(request)))
        obj.pk = outcome.notice.pk
        self.message_user(request, _("%(notice)s已保存，%(n)s 个检查结果的公示期限已重新计算。") % {
            "notice": outcome.notice, "n": outcome.deadlines_moved}, messages.SUCCESS)


