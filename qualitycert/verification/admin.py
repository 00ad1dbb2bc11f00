"""The bureau's back office for the public side: the forgery-report queue, the
API tokens handed to procurement systems, and (read-only) the signing keys.
Every change goes through an action, so it is signed and audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.models import User

from . import actions
from .models import (
    ApiToken,
    Delivery,
    DeliveryAttempt,
    ForgeryReport,
    ReportStatus,
    SigningKey,
    Watch,
    WebhookEndpoint,
)


def _bureau_only(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_bureau", False))


class ReviewForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("处理为 move to"), required=False, choices=[
        ("", "—"), *[(s.value, s.label) for s in ReportStatus if s != ReportStatus.NEW]])
    note = forms.CharField(label=_("处理意见 resolution"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = ForgeryReport
        fields: list[str] = []


@admin.register(ForgeryReport)
class ForgeryReportAdmin(admin.ModelAdmin):
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
                                          actor=request.user)
        except (actions.VerificationError, ValueError, PermissionDenied) as exc:
            messages.error(request, str(exc))


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "owner", "rate_limit_per_minute"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "token_prefix", "rate_limit_per_minute", "created_at",
                    "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "token_prefix", "owner__username")
    readonly_fields = ("token_prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_selected"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _bureau_only(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _bureau_only(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _bureau_only(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        owner = form.base_fields.get("owner")
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = User.objects.filter(is_active=True)
        return form

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, plaintext = actions.create_api_token(
            owner=form.cleaned_data["owner"], name=form.cleaned_data["name"],
            rate_limit_per_minute=form.cleaned_data["rate_limit_per_minute"],
            actor=request.user)
        obj.pk = token.pk
        # The only time the token is visible; it is stored as a digest.
        messages.warning(request, _("请立即复制令牌，之后无法再次查看 Copy the token now; "
                                    "it cannot be shown again: ") + plaintext)

    @admin.action(description=_("撤销所选令牌 Revoke selected tokens"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            actions.revoke_api_token(token, actor=request.user, reason="admin")
        messages.success(request, _("已撤销 revoked"))


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


class _ReadOnlyForBureau(admin.ModelAdmin):
    """Watchlists belong to their owners; staff may look (to help a procurement
    system debug its receiver), never change."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _bureau_only(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _bureau_only(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Watch)
class WatchAdmin(_ReadOnlyForBureau):
    list_display = ("id", "owner", "certificate", "enterprise", "created_at")
    list_select_related = ("owner", "certificate", "enterprise")
    search_fields = ("owner__username", "certificate__number", "enterprise__uscc",
                     "enterprise__name")
    raw_id_fields = ("owner", "certificate", "enterprise")


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ("number", "at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(_ReadOnlyForBureau):
    list_display = ("delivery_id", "owner", "event", "status", "attempts", "last_status_code",
                    "next_attempt_at", "emailed_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("owner", "event")
    search_fields = ("delivery_id", "owner__username")
    date_hierarchy = "created_at"
    raw_id_fields = ("watch", "owner", "event")
    readonly_fields = ("delivery_id", "body", "status", "attempts", "next_attempt_at",
                       "last_attempt_at", "last_status_code", "last_error", "delivered_at",
                       "emailed_at", "email_error", "created_at")
    inlines = [DeliveryAttemptInline]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ReadOnlyForBureau):
    # The sealed secret is not a field here: staff never see it.
    list_display = ("owner", "url", "secret_prefix", "secret_created_at", "updated_at")
    fields = ("owner", "url", "secret_prefix", "secret_created_at", "updated_at")
    readonly_fields = fields
    search_fields = ("owner__username", "url")
