"""API tokens in the back office: bureau staff issue and revoke them; the
token is shown once, at creation. Every change goes through an action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import User
from qualitycert.accounts.roles import is_bureau

from . import actions
from .models import ApiToken


def _bureau_only(request: HttpRequest) -> bool:
    return is_bureau(request.user)


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
            actor=Actor.of(request.user))
        obj.pk = token.pk
        # The only time the token is visible; it is stored as a digest.
        messages.warning(request, _("请立即复制令牌，之后无法再次查看") + plaintext)

    @admin.action(description=_("撤销所选令牌"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            actions.revoke_api_token(token, actor=Actor.of(request.user), reason="admin")
        messages.success(request, _("已撤销"))
