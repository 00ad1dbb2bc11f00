"""The audit log in the back office: bureau staff read it, nobody writes it.

No role may add, change or delete an entry here (the model refuses too); the
change page is a read-only view of one entry.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import AUDIT_LOG_EDITORS, AUDIT_LOG_READERS
from qualitycert.audit.models import AuditEntry

from .base import RoleScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleScopedAdmin):
    view_roles = AUDIT_LOG_READERS
    add_roles = change_roles = delete_roles = AUDIT_LOG_EDITORS
    list_display = ("seq", "at", "action", "object_type", "object_repr", "actor_label")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label")
    search_help_text = _("按对象编号（精确）或操作人搜索")
    show_full_result_count = False
    ordering = ("-seq",)
    fields = ("seq", "at", "action", "object_type", "object_id", "object_repr", "actor_label",
              "reason", "before_pretty", "after_pretty", "prev_hash", "entry_hash")
    readonly_fields = fields

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[AuditEntry],
                       role: Role) -> QuerySet[AuditEntry]:
        return qs if role in self.view_roles else qs.none()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[AuditEntry],
                           search_term: str) -> tuple[QuerySet[AuditEntry], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        # object_id is exact (it is indexed with object_type); the actor label
        # is a substring so a name or a username both find the entries.
        return queryset.filter(Q(object_id=term) | Q(actor_label__icontains=term)), False

    @admin.display(description=_("变更前"))
    def before_pretty(self, entry: AuditEntry) -> Any:
        return _pretty(entry.before)

    @admin.display(description=_("变更后"))
    def after_pretty(self, entry: AuditEntry) -> Any:
        return _pretty(entry.after)


def _pretty(value: Any) -> Any:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return format_html('<pre class="qc-json">{}</pre>', text)
