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
from .queries import inspector_accounts


@admin.register(Inspector)
class InspectorAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = BUREAU
    list_display = ("enforcement_number", "name", "department", "active", "user")
    list_filter = ("active", "department")
    search_fields = ("name", "enforcement_number")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        # A plain choice of inspector accounts, not the raw-id lookup: that
        # opened the user list, which only the system admin may see, so the
        # bureau staff who keep this library got a 403 (issue 11).
        if db_field.name == "user":
            kwargs["queryset"] = inspector_accounts()
            kwargs["help_text"] = _("只列出角色为执法检查人员的在用账号；"
                                    "没有合适的账号时，请系统管理员先建立账号。")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class TargetAdmin(RoleScopedAdmin, AuditedAdmin):
    """Built from the registry; bureau staff add only whom inspectors call."""

    view_roles = BUREAU
    add_roles = NOBODY
    change_roles = BUREAU
    delete_roles = NOBODY
    list_display = ("identifier", "name", "kind", "risk_class", "risk_source", "active")
    list_filter = ("kind", "risk_class", "risk_source", "active")
    search_fields = ("identifier", "name")
    editable_fields = ("contact_name", "contact_phone")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in Target._meta.fields
                if f.name not in self.editable_fields and f.editable]


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

    @admin.display(description=_("公示期限"), ordering="publication_due_on")
    def publication_due(self, obj: InspectionResult) -> str:
        return render_to_string("workcalendar/_deadline.html", {
            "due": obj.publication_due_on, "provisional": obj.publication_due_provisional})

    @admin.display(description=_("检查对象"))
    def target_name(self, obj: InspectionResult) -> str:
        return obj.selection.candidate.name
