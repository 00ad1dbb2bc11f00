"""The inspector library and declared conflicts are kept in the back office;
plans, frozen lists, draws and results are shown read-only there (their
writes are the audited actions behind the /inspections/ pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.roles import BUREAU, NOBODY
from qualitycert.backoffice.base import AuditedAdmin, RoleScopedAdmin

from .models import (
    ConflictOfInterest,
    InspectionResult,
    Inspector,
    Plan,
    Target,
)


@admin.register(Inspector)
class InspectorAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = BUREAU
    list_display = ("enforcement_number", "name", "department", "active", "user")
    list_filter = ("active", "department")
    search_fields = ("name", "enforcement_number")
    raw_id_fields = ("user",)


@admin.register(ConflictOfInterest)
class ConflictAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = BUREAU
    delete_roles = BUREAU
    list_display = ("inspector", "target", "reason", "declared_at")
    search_fields = ("inspector__name", "target__name", "target__identifier")
    raw_id_fields = ("inspector", "target")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and obj.declared_by_id is None:
            obj.declared_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = NOBODY
    change_roles = NOBODY
    delete_roles = NOBODY


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("identifier", "name", "kind", "risk_class", "risk_source", "active")
    list_filter = ("kind", "risk_class", "risk_source", "active")
    search_fields = ("identifier", "name")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "status", "committed_at", "candidates_sha256")
    list_filter = ("status", "year")
    search_fields = ("name",)


@admin.register(InspectionResult)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("selection", "category", "status", "recorded_on", "publication_due",
                    "published_at")
    list_filter = ("status", "category")

    @admin.display(description=_("公示期限 publish by"), ordering="publication_due_on")
    def publication_due(self, obj: InspectionResult) -> str:
        return render_to_string("workcalendar/_deadline.html", {
            "due": obj.publication_due_on, "provisional": obj.publication_due_provisional})

    @admin.display(description=_("对象 target"))
    def target_name(self, obj: InspectionResult) -> str:
        return obj.selection.candidate.name
