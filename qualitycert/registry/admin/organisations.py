"""Enterprises, certification bodies, labs and schemes in the back office.

Bureau staff keep these registers; a certification body's staff see the
enterprises holding their certificates and their own body, read-only; a lab's
staff see their own lab. Searches normalise what was typed first, so a
full-width USCC pasted from a Word file finds the enterprise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import ADMIN_ONLY, BUREAU, CB_STAFF, LAB_STAFF, NOBODY
from qualitycert.backoffice.base import (
    AuditedAdmin,
    ParentScopedInline,
    RoleScopedAdmin,
    acting_user,
    contains_any,
    json_text_contains,
)
from qualitycert.backoffice.display import local_datetime
from qualitycert.lib.normalize import name_search_key, normalize_identifier, normalize_name
from qualitycert.registry.leaves import BODY_CHANGED, HOLDER_CHANGED, SCHEME_CHANGED
from qualitycert.registry.models import (
    BodySchemeApproval,
    Certificate,
    CertificationBody,
    Enterprise,
    Lab,
    Scheme,
)

from .forms import LinesFieldsMixin
from .logged import CertificateNamesInLog


@admin.register(Enterprise)
class EnterpriseAdmin(CertificateNamesInLog, LinesFieldsMixin, RoleScopedAdmin, AuditedAdmin):
    logged_fields, logged_relation, logged_event = ("uscc", "name"), "holder_id", HOLDER_CHANGED
    view_roles = BUREAU | CB_STAFF
    add_roles = change_roles = BUREAU
    delete_roles = ADMIN_ONLY
    lines_fields = ("former_names",)
    list_display = ("uscc", "name", "division_code", "industry_code", "legal_status",
                    "is_tech_leader", "has_own_brand", "is_equipment_manufacturer")
    list_filter = ("legal_status", "division_code", "industry_code", "size", "is_tech_leader",
                   "has_own_brand", "is_equipment_manufacturer")
    search_fields = ("uscc", "name")
    search_help_text = _("按统一社会信用代码、名称或曾用名搜索")
    show_full_result_count = False
    ordering = ("-id",)
    readonly_fields = ("created_display", "updated_display")
    fieldsets = (
        (None, {"fields": ("uscc", "name", "former_names", "address")}),
        (_("分类"), {"fields": ("division_code", "industry_code", "legal_status",
                                               "size")}),
        (_("标记"), {"fields": ("is_tech_leader", "has_own_brand",
                                      "is_equipment_manufacturer")}),
        (_("记录"), {"fields": ("created_display", "updated_display")}),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and "name" in form.changed_data:
            old = Enterprise.objects.filter(pk=obj.pk).values_list("name", flat=True).first()
            obj.keep_former_name(old or "", timezone.localdate(),
                                 source=f"后台更名：{Actor.of(request.user).signature()}")
        super().save_model(request, obj, form, change)

    @admin.display(description=_("登记时间"))
    def created_display(self, enterprise: Enterprise) -> Any:
        return local_datetime(enterprise.created_at)

    @admin.display(description=_("最后更新"))
    def updated_display(self, enterprise: Enterprise) -> Any:
        return local_datetime(enterprise.updated_at)

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        if role in BUREAU:
            return qs
        if role == Role.CB_OPERATOR:
            holds = Certificate.objects.filter(holder_id=OuterRef("pk"),
                                               body_id=acting_user(request).body_id)
            return qs.filter(Exists(holds))
        return qs.none()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Enterprise],
                           search_term: str) -> tuple[QuerySet[Enterprise], bool]:
        term = normalize_name(search_term)
        if not term:
            return queryset, False
        by_uscc = queryset.filter(uscc=normalize_identifier(term))
        key = name_search_key(term)
        # A USCC names one enterprise: skip the name scans (LIKE over every row).
        if len(key) < 2 or by_uscc.exists():
            return by_uscc, False
        return queryset.filter(Q(name_key__contains=key)
                               | json_text_contains("former_names", search_term)), False


class BodySchemeApprovalInline(ParentScopedInline, admin.TabularInline):
    model = BodySchemeApproval
    fields = ("scheme", "valid_from", "valid_until")


@admin.register(CertificationBody)
class CertificationBodyAdmin(CertificateNamesInLog, RoleScopedAdmin, AuditedAdmin):
    logged_fields, logged_relation, logged_event = ("approval_number",), "body_id", BODY_CHANGED
    view_roles = BUREAU | CB_STAFF
    add_roles = change_roles = BUREAU
    delete_roles = ADMIN_ONLY
    inlines = [BodySchemeApprovalInline]
    list_display = ("approval_number", "name", "status", "approved_on", "approval_valid_until",
                    "last_reported_on")
    list_filter = ("status",)
    search_fields = ("approval_number", "name")
    search_help_text = _("按批准号或名称搜索")

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        if role in BUREAU:
            return qs
        if role == Role.CB_OPERATOR:
            return qs.filter(pk=acting_user(request).body_id)
        return qs.none()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[CertificationBody],
                           search_term: str) -> tuple[QuerySet[CertificationBody], bool]:
        term = normalize_name(search_term)
        if not term:
            return queryset, False
        number = normalize_identifier(term)
        return queryset.filter(Q(approval_number__contains=number)
                               | contains_any(["name", "name_en"], search_term)), False


@admin.register(Lab)
class LabAdmin(LinesFieldsMixin, RoleScopedAdmin, AuditedAdmin):
    """Bureau staff keep the lab register. A lab's own staff see their lab and
    keep its contact details; the CMA facts (number, status, validity and the
    scope of accreditation) are the accrediting authority's, read-only to the
    lab: a declaration checks them (catalog/actions/declarations.py), and a
    lab widening its own scope would certify itself
    (docs/decisions/0017-lab-role.md)."""

    view_roles = BUREAU | LAB_STAFF
    add_roles = BUREAU
    change_roles = BUREAU | LAB_STAFF
    delete_roles = ADMIN_ONLY
    lines_fields = ("fields",)
    list_display = ("cma_number", "name", "status", "valid_from", "valid_until")
    list_filter = ("status",)
    search_fields = ("cma_number", "name")
    search_help_text = _("按资质认定证书编号或名称搜索")
    # What a lab's own staff may change.
    lab_editable = ("address", "contact_name", "contact_phone")

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        if role in BUREAU:
            return qs
        if role == Role.LAB_OPERATOR:
            return qs.filter(pk=acting_user(request).lab_id)
        return qs.none()

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        return self.role(request) in BUREAU or obj.pk == acting_user(request).lab_id

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        scope = "fields" if self.role(request) in BUREAU else "scope_lines"
        return (
            (None, {"fields": ("cma_number", "name", "uscc", "status", "valid_from",
                               "valid_until")}),
            (_("资质认定能力范围"), {"fields": (scope,)}),
            (_("联系方式"), {"fields": self.lab_editable}),
            *([] if self.role(request) in BUREAU else
              [(_("日常工作"), {"fields": ("samples_link",)})]),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.role(request) in BUREAU:
            return ()
        return ("cma_number", "name", "uscc", "status", "valid_from", "valid_until",
                "scope_lines", "samples_link")

    @admin.display(description=_("检验检测领域"))
    def scope_lines(self, lab: Lab) -> str:
        return format_html_join("", "<div>{}</div>", ((f,) for f in lab.fields or [])) or "—"

    @admin.display(description=_("承检样品"))
    def samples_link(self, lab: Lab) -> str:
        # The lab's everyday work is on the site's sample pages (catalog app).
        return format_html('<a href="{}">{}</a>', reverse("catalog:lab_samples"),
                           _("查看本机构的承检样品并录入检验结论"))

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Lab],
                           search_term: str) -> tuple[QuerySet[Lab], bool]:
        term = normalize_name(search_term)
        if not term:
            return queryset, False
        return queryset.filter(Q(cma_number=normalize_identifier(term))
                               | contains_any(["name"], search_term)), False


@admin.register(Scheme)
class SchemeAdmin(CertificateNamesInLog, RoleScopedAdmin, AuditedAdmin):
    logged_fields, logged_relation, logged_event = ("code",), "scheme_id", SCHEME_CHANGED
    """Read-mostly: the catalogue ships with the code (registry/data/schemes.json);
    a system admin may add a scheme, nobody deletes one certificates refer to."""

    view_roles = BUREAU | CB_STAFF
    add_roles = change_roles = ADMIN_ONLY
    delete_roles = NOBODY
    list_display = ("code", "name", "category", "standard", "validity_years",
                    "surveillance_months", "is_mandatory")
    list_filter = ("category", "is_mandatory")
    search_fields = ("code", "name", "name_en", "standard")

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        return qs if role in self.view_roles else qs.none()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Scheme],
                           search_term: str) -> tuple[QuerySet[Scheme], bool]:
        if not search_term.strip():
            return queryset, False
        code = normalize_identifier(search_term)
        return queryset.filter(Q(code__icontains=code)
                               | contains_any(["name", "name_en", "standard"], search_term)), False
