"""Watchlists in the back office, read-only for bureau staff."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qualitycert.accounts.roles import is_bureau

from .models import Delivery, DeliveryAttempt, Watch, WebhookEndpoint


def _bureau_only(request: HttpRequest) -> bool:
    return is_bureau(request.user)


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
