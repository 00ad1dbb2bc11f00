"""The security log in the back office: the security and audit administrators
read it; nobody writes or deletes it here (the model refuses too)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from qualitycert.accounts.models import Role, SecurityEvent
from qualitycert.accounts.roles import AUDIT_LOG_EDITORS, SECURITY_LOG_READERS

from .base import RoleScopedAdmin


@admin.register(SecurityEvent)
class SecurityEventAdmin(RoleScopedAdmin):
    view_roles = SECURITY_LOG_READERS
    add_roles = change_roles = delete_roles = AUDIT_LOG_EDITORS
    list_display = ("at", "kind", "username", "actor", "address")
    list_filter = ("kind",)
    search_fields = ("username", "actor", "address")
    date_hierarchy = "at"
    show_full_result_count = False
    fields = ("at", "kind", "username", "user_id_at_time", "actor", "address", "detail")
    readonly_fields = fields

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[SecurityEvent],
                       role: Role) -> QuerySet[SecurityEvent]:
        return qs if role in self.view_roles else qs.none()
