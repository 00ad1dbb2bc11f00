"""The catalogue in the back office: announcements, groups, categories (with
their designated labs), dated changes, CCC certificate links and production
licences are kept here by bureau staff. A change is added through the
action that checks its rules and is never edited afterwards. Declarations,
samples and cases are shown read-only: their writes are the audited actions
behind the /catalog/ pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, LAB_STAFF, NOBODY
from qualitycert.backoffice.base import (
    AuditedAdmin,
    ParentScopedInline,
    RoleScopedAdmin,
)

from . import actions
from .access import lab_id_of
from .models import (
    Announcement,
    CatalogError,
    CategoryChange,
    CertificateCategory,
    MarketCheckCase,
    ProductCategory,
    ProductGroup,
    ProductionLicence,
    SamplingPlan,
    SamplingRecord,
    SelfDeclaration,
)


class BureauAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles = add_roles = change_roles = BUREAU


class ReadOnlyAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = change_roles = delete_roles = NOBODY


@admin.register(Announcement)
class AnnouncementAdmin(BureauAdmin):
    list_display = ("number", "title", "issuer", "published_on")
    search_fields = ("number", "title")
    date_hierarchy = "published_on"


@admin.register(ProductGroup)
class ProductGroupAdmin(BureauAdmin):
    list_display = ("code", "name", "position")
    ordering = ("position", "code")


class ChangeHistoryInline(ParentScopedInline, admin.TabularInline):
    model = CategoryChange
    read_only = True
    fields = ("effective_from", "route", "risk_level", "standards", "announcement",
              "from_production_licence", "transition_deadline", "note")
    readonly_fields = fields
    ordering = ("effective_from",)
    verbose_name_plural = _("调整历史（新增调整请在“目录调整”中添加）")


@admin.register(ProductCategory)
class ProductCategoryAdmin(BureauAdmin):
    list_display = ("code", "name", "group")
    list_filter = ("group",)
    search_fields = ("code", "name")
    filter_horizontal = ("designated_labs",)
    inlines = (ChangeHistoryInline,)


class StandardsField(forms.CharField):
    """One standard per line, kept as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]


class CategoryChangeForm(forms.ModelForm):
    standards = StandardsField(label=_("依据标准（每行一项）"), required=False)

    class Meta:
        model = CategoryChange
        fields = ("category", "effective_from", "route", "risk_level", "standards",
                  "announcement", "from_production_licence", "transition_deadline", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            actions.check_change(route=data["route"], risk_level=data["risk_level"],
                                 effective_from=data["effective_from"],
                                 from_production_licence=data["from_production_licence"],
                                 transition_deadline=data.get("transition_deadline"))
        except CatalogError as exc:
            raise forms.ValidationError(str(exc)) from None
        if CategoryChange.objects.filter(category=data["category"],
                                         effective_from=data["effective_from"]).exists():
            raise forms.ValidationError(_("该产品种类在此日期已有一项调整"))
        return data


@admin.register(CategoryChange)
class CategoryChangeAdmin(RoleScopedAdmin):
    view_roles = add_roles = BUREAU
    change_roles = NOBODY
    form = CategoryChangeForm
    list_display = ("category", "effective_from", "route", "risk_level", "announcement",
                    "from_production_licence", "transition_deadline")
    list_filter = ("route", "risk_level", "from_production_licence", "announcement")
    search_fields = ("category__code", "category__name", "announcement__number")
    date_hierarchy = "effective_from"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the action: its rules, its lock and its audit entry.
        data = form.cleaned_data
        saved = actions.record_catalogue_change(
            data["category"], effective_from=data["effective_from"], route=data["route"],
            risk_level=data["risk_level"], standards=data["standards"],
            announcement=data["announcement"], actor=Actor.of(request.user),
            from_production_licence=data["from_production_licence"],
            transition_deadline=data.get("transition_deadline"), note=data.get("note") or "")
        obj.pk = saved.pk


class CertificateCategoryForm(forms.ModelForm):
    class Meta:
        model = CertificateCategory
        fields = ("certificate", "category")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        certificate = data.get("certificate")
        if certificate is not None and not certificate.scheme.is_mandatory:
            raise forms.ValidationError(_("只有强制性产品认证（CCC）证书可以关联目录产品种类"))
        return data


@admin.register(CertificateCategory)
class CertificateCategoryAdmin(RoleScopedAdmin):
    view_roles = add_roles = BUREAU
    change_roles = NOBODY
    form = CertificateCategoryForm
    list_display = ("certificate", "category", "source", "created_at")
    list_filter = ("source", "category")
    search_fields = ("certificate__number", "certificate__holder__name", "category__code")
    raw_id_fields = ("certificate",)
    fields = ("certificate", "category")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = actions.link_certificate(obj.certificate, obj.category, actor=Actor.of(request.user))
        obj.pk = saved.pk


@admin.register(ProductionLicence)
class ProductionLicenceAdmin(BureauAdmin):
    list_display = ("number", "enterprise", "product", "category", "valid_until")
    list_filter = ("category",)
    search_fields = ("number", "enterprise__name", "enterprise__uscc", "product")
    raw_id_fields = ("enterprise",)


@admin.register(SelfDeclaration)
class SelfDeclarationAdmin(ReadOnlyAdmin):
    """Read-only. A lab's staff see the declarations that cite their lab's
    test reports (declarations are published anyway), so a lab can spot a
    report number it never issued (docs/decisions/0017-lab-role.md)."""

    view_roles = BUREAU | LAB_STAFF
    # The report first after the number: what a lab checks against its own.
    list_display = ("number", "report_number", "enterprise", "category", "product",
                    "declared_on", "status")
    list_filter = ("status", "category")
    search_fields = ("number", "enterprise__name", "enterprise__uscc", "report_number")

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        if role in BUREAU:
            return qs
        lab = lab_id_of(request.user)
        return qs.filter(lab_id=lab) if lab else qs.none()


@admin.register(SamplingPlan)
class SamplingPlanAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "level", "product_class", "planned_count", "status")
    list_filter = ("year", "level", "status")


@admin.register(SamplingRecord)
class SamplingRecordAdmin(ReadOnlyAdmin):
    list_display = ("product", "enterprise", "sampled_on", "lab", "status", "result",
                    "follow_up_state")
    list_filter = ("status", "result", "follow_up_state")
    search_fields = ("product", "enterprise__name", "enterprise__uscc", "report_number")
    date_hierarchy = "sampled_on"


@admin.register(MarketCheckCase)
class MarketCheckCaseAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "category", "found_on", "source_kind", "status", "outcome")
    list_filter = ("status", "source_kind", "category")
