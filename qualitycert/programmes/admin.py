"""The programmes' records in the back office: bureau staff keep them; every
add, change and removal is in the audit log (AuditedAdmin)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin
from django.db import models

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU
from qualitycert.backoffice.base import AuditedAdmin, RoleScopedAdmin

from .models import (
    Adoption,
    BodyCommitment,
    BodyFinding,
    BodyPerson,
    CertificateParticulars,
    CheckVolume,
    DepartmentQMS,
    Designation,
    EditionTransition,
    GIProduct,
    KeyEnergyUser,
    QualityMark,
    TrainingSession,
)


class ProgrammeAdmin(RoleScopedAdmin, AuditedAdmin):
    view_roles: ClassVar[frozenset[Role]] = BUREAU
    add_roles: ClassVar[frozenset[Role]] = BUREAU
    change_roles: ClassVar[frozenset[Role]] = BUREAU
    # A record that ends says when (ended_on, withdrawn_on …); only the
    # system admin removes one entered by mistake.
    delete_roles: ClassVar[frozenset[Role]] = frozenset({Role.ADMIN})


@admin.register(Designation)
class DesignationAdmin(ProgrammeAdmin):
    list_display = ("name", "kind", "level", "designated_on", "authority", "ended_on")
    list_filter = ("kind", "level")
    search_fields = ("name", "authority", "document_number", "area")
    autocomplete_fields = ("enterprises",)
    readonly_fields = ("recorded_by", "recorded_at")
    date_hierarchy = "designated_on"


@admin.register(GIProduct)
class GIProductAdmin(ProgrammeAdmin):
    list_display = ("name", "kind", "registration_number", "registered_on", "authority",
                    "ended_on")
    list_filter = ("kind",)
    search_fields = ("name", "registration_number", "area")
    autocomplete_fields = ("users", "certificates")


@admin.register(QualityMark)
class QualityMarkAdmin(ProgrammeAdmin):
    list_display = ("product", "kind", "holder", "number", "granted_on", "ended_on")
    list_filter = ("kind",)
    search_fields = ("product", "number", "holder__name")
    autocomplete_fields = ("holder",)


@admin.register(CertificateParticulars)
class CertificateParticularsAdmin(ProgrammeAdmin):
    list_display = ("certificate", "standard_edition", "signatory")
    search_fields = ("certificate__number", "standard_edition", "signatory__name")
    autocomplete_fields = ("certificate", "signatory")


@admin.register(EditionTransition)
class EditionTransitionAdmin(ProgrammeAdmin):
    list_display = ("scheme", "old_edition", "new_edition", "deadline")


@admin.register(TrainingSession)
class TrainingSessionAdmin(ProgrammeAdmin):
    list_display = ("held_on", "title", "organiser", "audience", "participants", "enterprises")
    list_filter = ("audience", "organiser")
    search_fields = ("title",)
    readonly_fields = ("recorded_by", "recorded_at")
    date_hierarchy = "held_on"


@admin.register(BodyPerson)
class BodyPersonAdmin(ProgrammeAdmin):
    list_display = ("name", "body", "role", "qualification", "registration_number",
                    "valid_until", "active")
    list_filter = ("role", "active")
    search_fields = ("name", "registration_number", "body__name")
    autocomplete_fields = ("body",)


@admin.register(BodyCommitment)
class BodyCommitmentAdmin(ProgrammeAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "body", "published_on", "withdrawn_on")
    search_fields = ("title", "body__name")
    autocomplete_fields = ("body",)


@admin.register(BodyFinding)
class BodyFindingAdmin(ProgrammeAdmin):
    list_display = ("found_on", "body", "source", "summary", "signatory_name", "closed_on")
    list_filter = ("source",)
    search_fields = ("summary", "reference", "body__name", "signatory_name")
    autocomplete_fields = ("body", "certificate", "signatory")
    date_hierarchy = "found_on"


class CheckVolumeInline(admin.TabularInline):
    model = CheckVolume
    extra = 0


@admin.register(Adoption)
class AdoptionAdmin(ProgrammeAdmin):
    list_display = ("adopter_name", "kind", "method", "started_on", "ended_on")
    list_filter = ("kind", "method")
    search_fields = ("adopter_name", "document")
    inlines = [CheckVolumeInline]


@admin.register(KeyEnergyUser)
class KeyEnergyUserAdmin(ProgrammeAdmin):
    list_display = ("enterprise", "year", "sector", "consumption_tce")
    list_filter = ("year",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    autocomplete_fields = ("enterprise",)


@admin.register(DepartmentQMS)
class DepartmentQMSAdmin(ProgrammeAdmin):
    list_display = ("department", "certificate_number", "body_name", "issued_on", "expires_on",
                    "withdrawn_on")
    search_fields = ("department__name", "certificate_number")
