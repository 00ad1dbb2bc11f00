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
from qualitycert.audit.labels import action_label, object_type_label
from qualitycert.audit.models import AuditEntry

from .base import RoleScopedAdmin


class _LabelledCodeFilter(admin.SimpleListFilter):
    """The codes that occur in the log (as Django's own filter lists them),
    shown in words and sorted by them."""

    field = ""

    def label(self, code: str) -> str:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = (model_admin.get_queryset(request).order_by(self.field)
                 .values_list(self.field, flat=True).distinct())
        return sorted(((code, self.label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEntry]
                 ) -> QuerySet[AuditEntry]:
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class ActionFilter(_LabelledCodeFilter):
    title = _("动作")
    parameter_name = field = "action"

    def label(self, code: str) -> str:
        return action_label(code)


class ObjectTypeFilter(_LabelledCodeFilter):
    title = _("对象类型")
    parameter_name = field = "object_type"

    def label(self, code: str) -> str:
        return object_type_label(code)


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleScopedAdmin):
    view_roles = AUDIT_LOG_READERS
    add_roles = change_roles = delete_roles = AUDIT_LOG_EDITORS
    list_display = ("seq", "at", "action_words", "object_type_words", "object_repr",
                    "actor_label")
    list_filter = (ActionFilter, ObjectTypeFilter)
    search_fields = ("object_id", "actor_label")
    search_help_text = _("按对象编号（精确）或操作人搜索")
    show_full_result_count = False
    ordering = ("-seq",)
    fields = ("seq", "at", "action_with_code", "object_type_with_code", "object_id",
              "object_repr", "actor_label",
              "reason", "before_pretty", "after_pretty", "previous_hash", "own_hash")
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

    @admin.display(description=_("动作"), ordering="action")
    def action_words(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    @admin.display(description=_("对象类型"))
    def object_type_words(self, entry: AuditEntry) -> str:
        return object_type_label(entry.object_type)

    # On the entry's own page the code stays beside the words: it is what
    # the chain hashes and what `audit-verify` and the API name.
    @admin.display(description=_("动作"))
    def action_with_code(self, entry: AuditEntry) -> str:
        return _with_code(action_label(entry.action), entry.action)

    @admin.display(description=_("对象类型"))
    def object_type_with_code(self, entry: AuditEntry) -> str:
        return _with_code(object_type_label(entry.object_type), entry.object_type)

    @admin.display(description=_("变更前"))
    def before_pretty(self, entry: AuditEntry) -> Any:
        return _pretty(entry.before)

    @admin.display(description=_("变更后"))
    def after_pretty(self, entry: AuditEntry) -> Any:
        return _pretty(entry.after)

    # The chain's two links, named in the page's language (the model fields have
    # no verbose name, so the admin showed "Prev hash" on Chinese pages).
    @admin.display(description=_("上一条的哈希值"))
    def previous_hash(self, entry: AuditEntry) -> Any:
        return format_html('<code class="qc-code">{}</code>', entry.prev_hash)

    @admin.display(description=_("本条哈希值"))
    def own_hash(self, entry: AuditEntry) -> Any:
        return format_html('<code class="qc-code">{}</code>', entry.entry_hash)


def _with_code(words: str, code: str) -> str:
    if words == code:
        return format_html("<code>{}</code>", code)
    return format_html('{} <code class="qc-code">{}</code>', words, code)


def _pretty(value: Any) -> Any:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return format_html('<pre class="qc-json">{}</pre>', text)
