"""The credit app in the back office, read-only: every write is an audited
action behind the /credit/ pages (models, facts, listings, repairs) or a
command (grade-enterprises, import-dishonesty). Staff search and read here."""

from __future__ import annotations

from django.contrib import admin

from qualitycert.accounts.roles import BUREAU, NOBODY
from qualitycert.backoffice.base import LargeTablePaginator, RoleScopedAdmin

from .models import (
    CreditGrade,
    DishonestyEntry,
    Fact,
    FinancingAccess,
    GradingModel,
    GradingRun,
    RepairRequest,
    SharingConsent,
)


class ReadOnlyAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = change_roles = delete_roles = NOBODY


@admin.register(Fact)
class FactAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "kind", "occurred_on", "ends_on", "source", "reference")
    list_filter = ("kind", "source")
    search_fields = ("enterprise__uscc", "enterprise__name", "reference")
    raw_id_fields = ("enterprise",)
    paginator = LargeTablePaginator
    show_full_result_count = False


@admin.register(GradingModel)
class GradingModelAdmin(ReadOnlyAdmin):
    list_display = ("version", "name", "status", "published_at", "signer_name")
    list_filter = ("status",)


@admin.register(GradingRun)
class GradingRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "model", "as_of", "graded", "signer_name", "finished_at")


@admin.register(CreditGrade)
class CreditGradeAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "grade", "score", "as_of", "model_version", "vetoed_by")
    list_filter = ("grade", "model_version")
    search_fields = ("enterprise__uscc", "enterprise__name")
    raw_id_fields = ("enterprise", "run")
    paginator = LargeTablePaginator
    show_full_result_count = False


@admin.register(DishonestyEntry)
class DishonestyEntryAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "criterion", "decision_number", "authority", "starts_on",
                    "ends_on", "repaired_on", "source")
    list_filter = ("criterion", "source")
    search_fields = ("enterprise__uscc", "enterprise__name", "decision_number")
    raw_id_fields = ("enterprise",)


@admin.register(RepairRequest)
class RepairRequestAdmin(ReadOnlyAdmin):
    list_display = ("entry", "enterprise", "status", "submitted_at", "decided_on")
    list_filter = ("status",)
    raw_id_fields = ("entry", "enterprise")


@admin.register(SharingConsent)
class SharingConsentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "min_grade", "granted_at", "revoked_at")
    raw_id_fields = ("enterprise",)


@admin.register(FinancingAccess)
class FinancingAccessAdmin(ReadOnlyAdmin):
    list_display = ("institution", "kind", "token", "granted_at", "revoked_at")
