"""The bureau's back office for the public side: the forgery-report queue and
(read-only) the signing keys.
Every change goes through an action, so it is signed and audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.backoffice.history import AuditHistoryMixin

from . import actions
from .models import ForgeryReport, ReportStatus, SigningKey


def _bureau_only(request: HttpRequest) -> bool:
    return is_bureau(request.user)


class ReviewForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("处理为"), required=False, choices=[
        ("", "—"), *[(s.value, s.label) for s in ReportStatus if s != ReportStatus.NEW]])
    note = forms.CharField(label=_("处理意见"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = ForgeryReport
        fields: list[str] = []


@admin.register(ForgeryReport)
class ForgeryReportAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = ReviewForm
    list_display = ("id", "created_at", "certificate_number", "claimed_holder", "status",
                    "handled_by")
    list_filter = ("status",)
    search_fields = ("number_key", "claimed_holder", "claimed_body")
    date_hierarchy = "created_at"
    readonly_fields = ("certificate_number", "claimed_body", "claimed_holder", "where_seen",
                       "description", "contact", "client_address", "created_at", "status",
                       "resolution", "handled_by", "handled_at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _bureau_only(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _bureau_only(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _bureau_only(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from the public form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ForgeryReport, form: Any,
                   change: bool) -> None:
        target = form.cleaned_data.get("new_status")
        if not target:
            return
        try:
            actions.review_forgery_report(obj, status=target,
                                          resolution=form.cleaned_data.get("note", ""),
                                          actor=Actor.of(request.user))
        except (actions.VerificationError, ValueError, PermissionDenied) as exc:
            messages.error(request, str(exc))


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ("kid", "is_current", "created_at", "retired_at")
    fields = ("kid", "public_key", "is_current", "created_at", "retired_at")
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _bureau_only(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _bureau_only(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # `qualitycert rotate-signing-key`

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
