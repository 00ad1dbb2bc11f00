"""The plan's units (责任单位) in the back office."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.roles import ADMIN_ONLY, BUREAU
from qualitycert.backoffice.base import (
    AuditedAdmin,
    RoleScopedAdmin,
    contains_any,
    json_text_contains,
)
from qualitycert.lib.normalize import normalize_name

from ..models import Department


@admin.register(Department)
class DepartmentAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles = BUREAU
    add_roles = ADMIN_ONLY
    change_roles = ADMIN_ONLY
    list_display = ("code", "name", "alias_list")
    search_fields = ("name", "code")
    search_help_text = _("按名称、代码或别名搜索")

    @admin.display(description=_("别名"))
    def alias_list(self, department: Department) -> str:
        return "、".join(department.aliases or [])

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Department],
                           search_term: str) -> tuple[QuerySet[Department], bool]:
        term = normalize_name(search_term)
        if not term:
            return queryset, False
        # Aliases cover the seed's variant spellings (区科技局 / 区科学技术局).
        matches = (contains_any(["name"], search_term) | Q(code__iexact=term)
                   | json_text_contains("aliases", search_term))
        return queryset.filter(matches), False
